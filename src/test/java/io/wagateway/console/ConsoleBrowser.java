package io.wagateway.console;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The system's Chromium, headless, driven through the system's chromedriver (never a driver or browser downloaded
 * by Selenium Manager): one per test class. Without them the browser tests are skipped, saying what to install.
 */
final class ConsoleBrowser implements AutoCloseable {

    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    static final String INSTALL = "the console's browser tests need Chromium and its driver: "
            + "apt-get install chromium chromium-driver (or set -Dconsole.browser and -Dconsole.chromedriver)";
    private static final List<String> BROWSERS = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser",
            "/usr/bin/google-chrome");
    private static final List<String> DRIVERS = List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");

    private final ChromeDriver driver;
    private final Path profile;

    private ConsoleBrowser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Starts the browser; {@code null} when this machine has none ({@link #assumeStarted} skips the tests). */
    static ConsoleBrowser startIfInstalled() {
        Optional<Path> browser = find("console.browser", BROWSERS);
        Optional<Path> chromedriver = find("console.chromedriver", DRIVERS);
        if (browser.isEmpty() || chromedriver.isEmpty()) {
            return null;
        }
        try {
            Path profile = Files.createTempDirectory("console-chromium-");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(browser.get().toFile());
            // without the background-networking flags Chromium keeps calling Google's services
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--disable-extensions", "--hide-scrollbars", "--window-size=1280,900",
                    "--user-data-dir=" + profile.toAbsolutePath());
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(chromedriver.get().toFile()).usingAnyFreePort().build();
            return new ConsoleBrowser(new ChromeDriver(service, options), profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Skips the calling test, naming what to install, when there is no browser. */
    static void assumeStarted(ConsoleBrowser browser) {
        assumeTrue(browser != null, INSTALL);
    }

    private static Optional<Path> find(String property, List<String> candidates) {
        String configured = System.getProperty(property);
        List<String> paths = configured == null ? candidates : List.of(configured);
        return paths.stream().map(Path::of).filter(Files::isExecutable).findFirst();
    }

    WebDriver driver() {
        return driver;
    }

    /** The page's viewport as a desktop's (1280 px) or a phone's (390 × 844 px, touch, mobile). */
    void viewport(int width) {
        if (width >= 1000) {
            driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        } else {
            driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", 844,
                    "deviceScaleFactor", 1, "mobile", true));
        }
    }

    <T> T await(Function<WebDriver, T> condition) {
        // the console redraws what changed: an element found a moment ago may be gone, look again
        return new WebDriverWait(driver, Duration.ofSeconds(10), Duration.ofMillis(50))
                .ignoring(StaleElementReferenceException.class).until(condition);
    }

    WebElement visible(String css) {
        return await(d -> d.findElements(By.cssSelector(css)).stream().filter(WebElement::isDisplayed).findFirst()
                .orElse(null));
    }

    /** Clicks what {@code css} finds once it is shown, again if the page redrew it meanwhile. */
    void click(String css) {
        await(d -> {
            try {
                visible(css).click();
                return true;
            } catch (StaleElementReferenceException e) {
                return false;
            }
        });
    }

    Object script(String script, Object... arguments) {
        return driver.executeScript(script, arguments);
    }

    /** Downloads go to {@code folder}, without asking. */
    void downloadTo(Path folder) {
        driver.executeCdpCommand("Browser.setDownloadBehavior", Map.of("behavior", "allow", "downloadPath",
                folder.toAbsolutePath().toString()));
    }

    /** Whether the page can still read {@code url} (a revoked blob: URL cannot). */
    boolean fetched(String url) {
        return Boolean.TRUE.equals(driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "fetch(arguments[0]).then(() => done(true), () => done(false))", url));
    }

    /** target/console-screenshots/{name}.png. */
    void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path png = driver.getScreenshotAs(OutputType.FILE).toPath();
            Files.move(png, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary folder
        }
    }
}
