package dev.pulse.processes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.testing.TestStack;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.BaseElement;
import io.camunda.zeebe.model.bpmn.instance.BoundaryEvent;
import io.camunda.zeebe.model.bpmn.instance.CallActivity;
import io.camunda.zeebe.model.bpmn.instance.Event;
import io.camunda.zeebe.model.bpmn.instance.FlowNode;
import io.camunda.zeebe.model.bpmn.instance.Gateway;
import io.camunda.zeebe.model.bpmn.instance.Message;
import io.camunda.zeebe.model.bpmn.instance.SequenceFlow;
import io.camunda.zeebe.model.bpmn.instance.SubProcess;
import io.camunda.zeebe.model.bpmn.instance.bpmndi.BpmnEdge;
import io.camunda.zeebe.model.bpmn.instance.bpmndi.BpmnShape;
import io.camunda.zeebe.model.bpmn.instance.dc.Bounds;
import io.camunda.zeebe.model.bpmn.instance.di.Waypoint;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeCalledElement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The shipped diagrams as people read them (in Modeler, in the console): no flow drawn through an
 * element it does not connect, every gateway and event labelled in words, readable ids (no
 * generated UUIDs), one message definition per message name, and the follow-up branches saying
 * what they call. Plain JUnit over the files' diagram interchange (shape bounds, edge waypoints).
 */
class BpmnDiagramsTest {

  private static final Pattern GENERATED = Pattern.compile(".*[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}.*|.*_[0-9][0-9a-z]{6}$");

  static Map<String, BpmnModelInstance> shipped() throws Exception {
    Map<String, BpmnModelInstance> files = new TreeMap<>();
    try (Stream<Path> list = Files.list(TestStack.repoDir().resolve("processes"))) {
      for (Path file : list.filter(f -> f.toString().endsWith(".bpmn")).sorted().toList()) {
        files.put(file.getFileName().toString(), Bpmn.readModelFromFile(file.toFile()));
      }
    }
    assertThat(files).hasSizeGreaterThanOrEqualTo(5);
    return files;
  }

  record Box(double x, double y, double w, double h) {
    /** Whether the segment a-b enters this box's inside (its border shrunk by a pixel or two). */
    boolean crossedBy(double ax, double ay, double bx, double by) {
      double x0 = x + 2, y0 = y + 2, x1 = x + w - 2, y1 = y + h - 2;
      // Liang-Barsky clipping
      double t0 = 0, t1 = 1, dx = bx - ax, dy = by - ay;
      double[] p = {-dx, dx, -dy, dy};
      double[] q = {ax - x0, x1 - ax, ay - y0, y1 - ay};
      for (int i = 0; i < 4; i++) {
        if (p[i] == 0) {
          if (q[i] < 0) return false;
        } else {
          double t = q[i] / p[i];
          if (p[i] < 0) t0 = Math.max(t0, t);
          else t1 = Math.min(t1, t);
        }
      }
      return t0 < t1;
    }
  }

  @Test
  void noFlowPassesThroughAnElementItDoesNotConnect() throws Exception {
    Map<String, String> crossings = new TreeMap<>();
    shipped().forEach((file, model) -> {
      Map<String, Box> boxes = new TreeMap<>();
      for (BpmnShape shape : model.getModelElementsByType(BpmnShape.class)) {
        Bounds b = shape.getBounds();
        boxes.put(shape.getBpmnElement().getId(), new Box(b.getX(), b.getY(), b.getWidth(), b.getHeight()));
      }
      for (BpmnEdge edge : model.getModelElementsByType(BpmnEdge.class)) {
        if (!(edge.getBpmnElement() instanceof SequenceFlow flow)) {
          continue;
        }
        Set<String> own = new HashSet<>();
        for (FlowNode end : List.of(flow.getSource(), flow.getTarget())) {
          own.add(end.getId());
          if (end instanceof BoundaryEvent b) own.add(b.getAttachedTo().getId());
          if (end.getParentElement() instanceof SubProcess s) own.add(s.getId());
          if (end instanceof SubProcess s) s.getFlowElements().forEach(e -> own.add(e.getId()));
        }
        List<Waypoint> points = List.copyOf(edge.getWaypoints());
        for (int i = 0; i + 1 < points.size(); i++) {
          Waypoint a = points.get(i), b = points.get(i + 1);
          for (Map.Entry<String, Box> box : boxes.entrySet()) {
            if (!own.contains(box.getKey()) && box.getValue().crossedBy(a.getX(), a.getY(), b.getX(), b.getY())) {
              crossings.merge(file + " " + flow.getId(), box.getKey(), (x, y) -> x + ", " + y);
            }
          }
        }
      }
      for (SequenceFlow flow : model.getModelElementsByType(SequenceFlow.class)) {
        if (model.getModelElementsByType(BpmnEdge.class).stream().noneMatch(e -> e.getBpmnElement() == flow)) {
          crossings.put(file + " " + flow.getId(), "(not drawn)");
        }
      }
    });
    assertThat(crossings).as("flows (file flow -> elements its drawing passes through)").isEmpty();
  }

  @Test
  void everyGatewayAndEventIsLabelledInWordsAndEveryBranchSaysWhenItIsTaken() throws Exception {
    Map<String, String> problems = new TreeMap<>();
    shipped().forEach((file, model) -> {
      for (FlowNode node : model.getModelElementsByType(FlowNode.class)) {
        if (!(node instanceof Gateway || node instanceof Event)) continue;
        String name = node.getName();
        if (name == null || name.isBlank() || name.equals(node.getId()) || name.matches("[A-Za-z]+_[A-Za-z0-9]+")) {
          problems.put(file + " " + node.getId(), "no label in words: " + name);
        }
        if (node instanceof Gateway g && !(g instanceof io.camunda.zeebe.model.bpmn.instance.ParallelGateway) && g.getOutgoing().size() > 1
            && !(g instanceof io.camunda.zeebe.model.bpmn.instance.EventBasedGateway)) {
          BaseElement fallback = g instanceof io.camunda.zeebe.model.bpmn.instance.ExclusiveGateway x ? x.getDefault() : null;
          for (SequenceFlow out : g.getOutgoing()) {
            if (out.getName() == null || out.getName().isBlank()) {
              problems.put(file + " " + out.getId(), "a branch of " + g.getId() + " without a label" + (out == fallback ? " (the default)" : ""));
            }
          }
        }
      }
    });
    assertThat(problems).isEmpty();
  }

  @Test
  void idsAreReadableAndEachMessageIsDefinedOnce() throws Exception {
    Map<String, String> problems = new TreeMap<>();
    shipped().forEach((file, model) -> {
      for (BaseElement e : model.getModelElementsByType(BaseElement.class)) {
        if (e.getId() != null && GENERATED.matcher(e.getId()).matches()) {
          problems.put(file + " " + e.getId(), "a generated id on a " + e.getElementType().getTypeName());
        }
      }
      Map<String, List<String>> byName = model.getModelElementsByType(Message.class).stream()
          .collect(Collectors.groupingBy(Message::getName, TreeMap::new, Collectors.mapping(Message::getId, Collectors.toList())));
      byName.forEach((name, ids) -> {
        if (ids.size() > 1) problems.put(file + " " + name, "message defined " + ids.size() + " times: " + ids);
        if (!ids.get(0).equals("Message_" + name)) problems.put(file + " " + ids.get(0), "message " + name + " should have the id Message_" + name);
      });
    });
    assertThat(problems).isEmpty();
  }

  @Test
  void eachFollowUpBranchSaysWhatItCallsAndCallsItsOwnDefault() throws Exception {
    BpmnModelInstance lifecycle = shipped().get("survey-lifecycle.bpmn");
    Map<String, String> called = new TreeMap<>();
    for (CallActivity call : lifecycle.getModelElementsByType(CallActivity.class)) {
      called.put(call.getId(), call.getSingleExtensionElement(ZeebeCalledElement.class).getProcessId());
      assertThat(call.getName()).as(call.getId() + "'s label").contains("follow-up").contains("(");
    }
    assertThat(called).containsOnlyKeys("Call_FollowUpUnhappy", "Call_FollowUpNeutral", "Call_FollowUpHappy");
    assertThat(called.get("Call_FollowUpUnhappy")).contains("\"follow-up-unhappy\"");
    assertThat(called.get("Call_FollowUpNeutral")).contains("\"follow-up-neutral\"");
    assertThat(called.get("Call_FollowUpHappy")).contains("\"follow-up-happy\"");
  }

}
