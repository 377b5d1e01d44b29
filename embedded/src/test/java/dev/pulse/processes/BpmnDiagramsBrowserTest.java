package dev.pulse.processes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.testing.HeadlessChromium;
import dev.pulse.testing.TestStack;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.bpmndi.BpmnEdge;
import io.camunda.zeebe.model.bpmn.instance.bpmndi.BpmnShape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * Each shipped diagram drawn by the console's own bpmn-js (the copy the build unpacks into the
 * console's static files) in headless Chromium: it imports without a warning, every shape and flow
 * of its layout is drawn, and a screenshot of the whole diagram goes to {@code
 * app/target/screenshots/bpmn-<process>.png} for people to look at.
 */
class BpmnDiagramsBrowserTest {

  private static final Path VIEWER = TestStack.repoDir().resolve("app/target/classes/static/console/vendor/bpmn-js/package/dist");

  @Test
  void theConsoleDrawsEveryShippedDiagramWholeAndWithoutWarnings() throws Exception {
    assertThat(VIEWER.resolve("bpmn-navigated-viewer.production.min.js")).as("the console's bpmn-js, unpacked by the app build").exists();
    Path page = Files.createTempDirectory("pulse-bpmn").resolve("diagram.html");
    Files.writeString(page, """
        <!doctype html>
        <html><head>
        <link rel="stylesheet" href="%1$s/assets/diagram-js.css">
        <link rel="stylesheet" href="%1$s/assets/bpmn-js.css">
        <style>html, body, #canvas { margin: 0; width: 100%%; height: 100%%; background: #fff; }</style>
        <script src="%1$s/bpmn-navigated-viewer.production.min.js"></script>
        </head><body><div id="canvas"></div></body></html>
        """.formatted(VIEWER.toUri().toString().replaceAll("/$", "")));
    Map<String, BpmnModelInstance> shipped = BpmnDiagramsTest.shipped();
    try (HeadlessChromium chromium = HeadlessChromium.open("bpmn-diagrams")) {
      WebDriver browser = chromium.driver();
      browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
      for (Map.Entry<String, BpmnModelInstance> file : shipped.entrySet()) {
        String name = file.getKey().replace(".bpmn", "");
        String xml = Files.readString(TestStack.repoDir().resolve("processes").resolve(file.getKey()));
        browser.get(page.toUri().toString());
        @SuppressWarnings("unchecked")
        Map<String, Object> drawn = (Map<String, Object>) ((JavascriptExecutor) browser).executeAsyncScript("""
            const [xml, done] = arguments;
            const viewer = new BpmnJS({ container: '#canvas' });
            window.viewer = viewer;
            viewer.importXML(xml).then(result => {
              const box = viewer.get('canvas').viewbox().inner;
              done({ warnings: result.warnings.map(w => w.message), width: box.width, height: box.height,
                     ids: [...document.querySelectorAll('.djs-element[data-element-id]')].map(e => e.dataset.elementId) });
            }).catch(e => done({ error: String(e && e.message || e), warnings: (e.warnings || []).map(w => w.message) }));
            """, xml);
        assertThat(drawn.get("error")).as(file.getKey() + ": import error").isNull();
        assertThat((List<?>) drawn.get("warnings")).as(file.getKey() + ": import warnings").isEmpty();
        Set<String> expected = new TreeSet<>();
        file.getValue().getModelElementsByType(BpmnShape.class).forEach(s -> expected.add(s.getBpmnElement().getId()));
        file.getValue().getModelElementsByType(BpmnEdge.class).forEach(e -> expected.add(e.getBpmnElement().getId()));
        assertThat(((List<?>) drawn.get("ids")).stream().map(String::valueOf).collect(java.util.stream.Collectors.toSet())).as(file.getKey() + ": drawn elements").containsAll(expected);

        // the window sized to the whole diagram, so the screenshot shows it at full size
        int width = (int) Math.min(3200, ((Number) drawn.get("width")).doubleValue() + 120);
        int height = (int) Math.min(2000, ((Number) drawn.get("height")).doubleValue() + 220);
        browser.manage().window().setSize(new Dimension(Math.max(width, 600), Math.max(height, 400)));
        ((JavascriptExecutor) browser).executeScript("window.viewer.get('canvas').resized(); window.viewer.get('canvas').zoom('fit-viewport', 'auto');");
        chromium.screenshot("bpmn-" + name);
      }
    }
  }
}
