package dev.pulse.conversations;

import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Content;
import dev.pulse.platform.security.Callers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.platform.web.StrictJson;
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
  private final StrictJson strict;

  ConversationController(ConversationService conversations, ConversationIntake intake, ConversationReads reads, StrictJson strict) {
    this.conversations = conversations;
    this.intake = intake;
    this.reads = reads;
    this.strict = strict;
  }

  record FromInput(String email, String phone, String visitorId, @Size(max = 200) String name) {}

  /** A customer's message, as REST and the {@code pulse.inbound-messages} topic take it (the topic adds {@code channelId}). */
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
      @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json", schema = @Schema(implementation = MessageInput.class))) @RequestBody JsonNode body) {
    MessageInput in = strict.read(body, MessageInput.class);
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

  record ReplyInput(@NotBlank String agentId, @NotBlank @Size(max = 20000) String body) {}

  @PostMapping("/api/conversations/{id}/replies")
  @Operation(summary = "An agent's reply: stored and sent to the channel adapter on pulse.outbound-messages")
  ConversationView reply(@PathVariable String id,
      @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json", schema = @Schema(implementation = ReplyInput.class))) @RequestBody JsonNode body) {
    ReplyInput in = strict.read(body, ReplyInput.class);
    mayWork(id, in.agentId());
    return conversations.reply(id, in.agentId(), in.body());
  }

  record NoteInput(@NotBlank String agentId, @NotBlank @Size(max = 20000) String body) {}

  @PostMapping("/api/conversations/{id}/notes")
  @Operation(summary = "An internal note: in the conversation's thread for the team, never sent to the customer, not a reply")
  @dev.pulse.platform.web.ApiDocumentation.Answers({201})
  ResponseEntity<ConversationView.Message> note(@PathVariable String id,
      @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json", schema = @Schema(implementation = NoteInput.class))) @RequestBody JsonNode body) {
    NoteInput in = strict.read(body, NoteInput.class);
    mayWork(id, in.agentId());
    return ResponseEntity.status(HttpStatus.CREATED).body(conversations.note(id, in.agentId(), in.body()));
  }

  record AssignInput(@NotBlank String agentId) {}

  @PostMapping("/api/conversations/{id}/assign")
  ConversationView assign(@PathVariable String id,
      @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json", schema = @Schema(implementation = AssignInput.class))) @RequestBody JsonNode body) {
    String agent = strict.read(body, AssignInput.class).agentId();
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
