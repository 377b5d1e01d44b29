package dev.pulse.processes;

import io.camunda.client.exception.BpmnError;
import io.camunda.client.exception.JobError;
import io.camunda.client.jobhandling.CommandExceptionHandlingStrategy;
import io.camunda.client.jobhandling.DefaultJobExceptionHandlingStrategy;
import io.camunda.client.jobhandling.JobExceptionHandlingStrategy;
import io.camunda.client.metrics.MetricsRecorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What an admin reads in an incident when a job worker failed: one sentence saying what failed and
 * where, not a stack trace or a SQL statement. A rule's failure is its {@link
 * dev.pulse.rules.RuleFailure} sentence; the database's refusal is PostgreSQL's own message;
 * anything else is the exception's kind and first line with the Pulse class and line it came from.
 * The full trace goes to the log. Retries are counted down as the client's default does; a worker's
 * own {@link JobError} keeps its retries, back-off and message (without the trace the default
 * appends); a {@link BpmnError} is passed on unchanged.
 */
@Component
class ReadableJobErrors implements JobExceptionHandlingStrategy {

  private static final Logger LOG = LoggerFactory.getLogger(ReadableJobErrors.class);

  private final DefaultJobExceptionHandlingStrategy standard;

  ReadableJobErrors(CommandExceptionHandlingStrategy commands, MetricsRecorder metrics) {
    this.standard = new DefaultJobExceptionHandlingStrategy(commands, metrics);
  }

  @Override
  public void handleException(Exception exception, ExceptionHandlingContext context) throws Exception {
    if (exception instanceof BpmnError) {
      standard.handleException(exception, context);
      return;
    }
    var job = context.job();
    int retries;
    String message;
    java.time.Duration backoff = null;
    Object variables = null;
    if (exception instanceof JobError error) {
      // a worker's own failure (a retry later, with its count and back-off): its message as written
      retries = error.getRetries() == null ? Math.max(0, job.getRetries() - 1) : error.getRetries();
      message = error.getErrorMessage() == null ? sentence(error) : error.getErrorMessage();
      backoff = error.getRetryBackoff();
      variables = error.getVariables();
    } else {
      retries = Math.max(0, job.getRetries() - 1);
      message = sentence(exception);
    }
    LOG.warn("Job {} ({}) failed, {} retries left: {}", job.getKey(), job.getType(), retries, message, exception);
    var fail = context.jobClient().newFailCommand(job.getKey()).retries(retries).errorMessage(message);
    if (backoff != null) {
      fail = fail.retryBackoff(backoff);
    }
    if (variables instanceof java.util.Map<?, ?> map) {
      @SuppressWarnings("unchecked")
      java.util.Map<String, Object> vars = (java.util.Map<String, Object>) map;
      fail = fail.variables(vars);
    }
    try {
      fail.send().join();
    } catch (RuntimeException e) {
      // the job's timeout gives it back to a worker; nothing is lost
      LOG.warn("Could not report the failure of job {} to the engine: {}", job.getKey(), e.toString());
    }
  }

  /** The failure in one line, located. */
  static String sentence(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof dev.pulse.rules.RuleFailure rule) {
        return rule.getMessage();
      }
      if (t instanceof org.postgresql.util.PSQLException pg && pg.getServerErrorMessage() != null) {
        return "The database refused: " + pg.getServerErrorMessage().getMessage() + where(e);
      }
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String text = root.getMessage() == null ? "" : root.getMessage().strip().split("\\R", 2)[0];
    if (text.length() > 500) {
      text = text.substring(0, 500) + "...";
    }
    return root.getClass().getSimpleName() + (text.isEmpty() ? "" : ": " + text) + where(e);
  }

  /** " (at Class.method:line)" for the innermost Pulse frame, where one is known. */
  private static String where(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      for (StackTraceElement frame : t.getStackTrace()) {
        if (frame.getClassName().startsWith("dev.pulse.")) {
          String type = frame.getClassName().substring(frame.getClassName().lastIndexOf('.') + 1);
          return " (at " + type + "." + frame.getMethodName() + ":" + frame.getLineNumber() + ")";
        }
      }
    }
    return "";
  }
}
