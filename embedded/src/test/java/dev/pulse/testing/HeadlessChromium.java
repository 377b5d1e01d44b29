package dev.pulse.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The machine's Chromium, headless, for the browser tests (Debian's chromium and chromium-driver,
 * which {@code .ci/run} installs; without them the test is skipped, saying so). Screenshots go to
 * {@code app/target/screenshots/}; closing keeps the last page (HTML and picture) and the page's
 * console for a failure's post-mortem.
 */
public final class HeadlessChromium implements AutoCloseable {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  public static final Path SCREENSHOTS = TestStack.repoDir().resolve("app/target/screenshots");

  private final WebDriver driver;
  private final Path profile;
  private final String name;

  private HeadlessChromium(WebDriver driver, Path profile, String name) {
    this.driver = driver;
    this.profile = profile;
    this.name = name;
  }

  /** A browser whose last page is kept as {@code <name>-last-page}. */
  public static HeadlessChromium open(String name) throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "needs Debian's chromium and chromium-driver (.ci/install-browser.sh installs them)");
    Path profile = Files.createTempDirectory("pulse-chromium");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1400,1100", "--user-data-dir=" + profile);
    org.openqa.selenium.logging.LoggingPreferences logs = new org.openqa.selenium.logging.LoggingPreferences();
    logs.enable(org.openqa.selenium.logging.LogType.BROWSER, java.util.logging.Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
    Files.createDirectories(SCREENSHOTS);
    return new HeadlessChromium(new ChromeDriver(service, options), profile, name);
  }

  public WebDriver driver() {
    return driver;
  }

  public void screenshot(String file) throws Exception {
    Path target = SCREENSHOTS.resolve(file + ".png");
    Files.write(target, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    assertThat(Files.size(target)).isPositive();
  }

  @Override
  public void close() throws Exception {
    try {
      Files.writeString(SCREENSHOTS.resolve(name + "-last-page.html"), driver.getPageSource());
      StringBuilder console = new StringBuilder();
      driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).forEach(entry -> console.append(entry).append('\n'));
      Files.writeString(SCREENSHOTS.resolve(name + "-console.log"), console);
      screenshot(name + "-last-page");
    } finally {
      driver.quit();
    }
  }
}
