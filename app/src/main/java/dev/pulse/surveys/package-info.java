/**
 * Surveys: audiences, the survey lifecycle, mail, the answer page, web surveys, analytics.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Surveys", allowedDependencies = {"crm", "platform", "platform :: *", "processes", "rules", "rules :: facts", "privacy"})
package dev.pulse.surveys;
