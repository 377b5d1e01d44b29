package dev.pulse.conversations;

import dev.pulse.platform.security.Callers;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Messages arriving on channels, and what agents do with conversations. */
@RestController
@Tag(name = "Conversations")
class ConversationController {

  private final ConversationService conversations;
  private final ConversationIntake intake;
  private final ConversationReads reads;

  ConversationController(ConversationService conversations, ConversationIntake intake, ConversationReads reads) {
    this.conversations = conversations;
    this.intake = intake;
    this.reads = reads;
  }

  record FromInput(String email, String phone, String visitorId, @Size(max = 200) String name) {}

  /** A customer's message, as REST and the {@code pulse.inbound-messages} topic take it (the topic adds {@code channelId}). */
  @dev.pulse.platform.StrictBody
  record MessageInput(
      @Size(max = 200) String messageId, @NotNull @Valid FromInput from, @NotBlank @Size(max = 20000) String body, @Size(max = 10) Map<String, Boolean> consent,
      @Size(max = 100) String chatflowId, @Size(max = 998) String subject) {

    ConversationIntake.Inbound toInbound() {
      return new ConversationIntake.Inbound(messageId, new ConversationIntake.From(from.email(), from.phone(), from.visitorId(), from.name()), body,
          consent == null ? Map.of() : consent, chatflowId, subject);
    }
  }

  @PostMapping("/api/channels/{id}/messages")
  @Operation(summary = "A message from a customer on a channel: joins their open conversation or starts one; a repeated messageId is stored once")
  @dev.pulse.platform.web.ApiDocumentation.Answers({200, 202})
  ResponseEntity<ConversationIntake.Received> inbound(@PathVariable String id,
      @Valid @RequestBody MessageInput in) {
    ConversationIntake.Received received = intake.receive(id, in.toInbound());
    return ResponseEntity.status(received.duplicate() ? HttpStatus.OK : HttpStatus.ACCEPTED).body(received);
  }

  /** An AGENT caller (not an admin) works only the conversations of its inboxes, and acts only as itself. */
  private void mayWork(String conversationId, String actingAgent) {
    if (!Callers.isOnlyAgent()) {
      return;
    }
    String agent = Callers.agentId().orElseThrow(() -> forbidden("An AGENT caller must name its agent (the key's agentId, or the token's agent claim)"));
    if (actingAgent != null && !actingAgent.equals(agent)) {
      throw forbidden("You act as agent '" + agent + "', not '" + actingAgent + "'");
    }
    if (!reads.agentMayWork(agent, conversationId)) {
      throw forbidden("Agent '" + agent + "' does not work the inbox of conversation '" + conversationId + "'");
    }
  }

  private static org.springframework.web.ErrorResponseException forbidden(String detail) {
    return new org.springframework.web.ErrorResponseException(org.springframework.http.HttpStatus.FORBIDDEN,
        org.springframework.http.ProblemDetail.forStatusAndDetail(org.springframework.http.HttpStatus.FORBIDDEN, detail), null);
  }

  @GetMapping("/api/conversations/{id}")
  ConversationView.Thread get(@PathVariable String id) {
    mayWork(id, null);
    return reads.thread(id);
  }

  @dev.pulse.platform.StrictBody
  record ReplyInput(@NotBlank String agentId, @NotBlank @Size(max = 20000) String body) {}

  @PostMapping("/api/conversations/{id}/replies")
  @Operation(summary = "An agent's reply: stored and sent to the channel adapter on pulse.outbound-messages")
  ConversationView reply(@PathVariable String id,
      @Valid @RequestBody ReplyInput in) {
    mayWork(id, in.agentId());
    return conversations.reply(id, in.agentId(), in.body());
  }

  @dev.pulse.platform.StrictBody
  record NoteInput(@NotBlank String agentId, @NotBlank @Size(max = 20000) String body) {}

  @PostMapping("/api/conversations/{id}/notes")
  @Operation(summary = "An internal note: in the conversation's thread for the team, never sent to the customer, not a reply")
  @dev.pulse.platform.web.ApiDocumentation.Answers({201})
  ResponseEntity<ConversationView.Message> note(@PathVariable String id,
      @Valid @RequestBody NoteInput in) {
    mayWork(id, in.agentId());
    return ResponseEntity.status(HttpStatus.CREATED).body(conversations.note(id, in.agentId(), in.body()));
  }

  @dev.pulse.platform.StrictBody
  record AssignInput(@NotBlank String agentId) {}

  @PostMapping("/api/conversations/{id}/assign")
  ConversationView assign(@PathVariable String id,
      @Valid @RequestBody AssignInput in) {
    String agent = in.agentId();
    mayWork(id, agent);
    return conversations.assign(id, agent);
  }

  @PostMapping("/api/conversations/{id}/close")
  @Operation(summary = "Close: the conversation's process ends, sending the inbox's chat survey when the rules allow")
  ConversationView close(@PathVariable String id) {
    mayWork(id, null);
    return conversations.close(id);
  }

  @PostMapping("/api/conversations/{id}/reopen")
  ConversationView reopen(@PathVariable String id) {
    mayWork(id, null);
    return conversations.reopen(id);
  }

}
