package org.reclaim.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Debian Chromium for the browser tests, driven offline: the binary and the driver are the
 * Debian packages' ({@code chromium}, {@code chromium-driver}), so Selenium Manager never downloads
 * anything. Where they are absent the calling test is skipped, saying so.
 */
public final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    public final WebDriver driver;
    private final String base;

    private Browser(WebDriver driver, String base) {
        this.driver = driver;
        this.base = base;
    }

    public static Browser open(int port) {
        Assumptions.assumeTrue(
                Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
                "browser tests skipped: Debian's chromium and chromium-driver are not installed "
                        + "(apt-get install chromium chromium-driver; .ci/run does this)");
        System.setProperty("SE_OFFLINE", "true");
        System.setProperty("se.offline", "true");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-dev-shm-usage",
                "--disable-gpu",
                "--window-size=1400,1000",
                "--no-first-run",
                "--disable-extensions",
                // a busy 2-core machine must not get the page's renderer deprioritised or throttled
                "--disable-renderer-backgrounding",
                "--disable-background-timer-throttling",
                "--disable-backgrounding-occluded-windows",
                "--disable-background-networking",
                // no password manager: it has nothing to offer a test and acts on every sign-in
                // form
                "--disable-features=PasswordLeakDetection,Translate",
                "--disable-sync",
                "--disable-component-update");
        options.setExperimentalOption(
                "prefs",
                Map.of(
                        "credentials_enable_service",
                        false,
                        "profile.password_manager_enabled",
                        false,
                        "profile.password_manager_leak_detection",
                        false));
        ChromeDriverService service =
                new ChromeDriverService.Builder()
                        .usingDriverExecutable(DRIVER.toFile())
                        .usingAnyFreePort()
                        .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().implicitlyWait(Duration.ofSeconds(2));
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        return new Browser(driver, "http://localhost:" + port);
    }

    public Browser go(String path) {
        driver.get(base + path);
        return this;
    }

    /**
     * Signs in through the form and waits until the browser has left {@code /login} (for the
     * worklist, or {@code /login?error}). A click on a submit button may return before the
     * navigation it starts has finished; the next {@link #go} would then race the sign-in and land
     * on the login page.
     */
    public Browser signIn(String user, String password) {
        go("/login");
        driver.findElement(By.id("username")).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(password);
        click(driver.findElement(By.id("sign-in")));
        awaitLeaving("/login", "sign-in");
        return this;
    }

    /** Clicks a link or a form's button and waits until the browser is on another page. */
    public Browser follow(WebElement element) {
        String from = path();
        click(element);
        awaitLeaving(from, "the click");
        return this;
    }

    /**
     * Clicks in the page's own script, then leaves the waiting to {@link #awaitLeaving}. A
     * WebDriver click that starts a navigation waits for it inside ChromeDriver, and on a loaded
     * 2-core machine that wait sometimes never ends ("Timed out receiving message from renderer",
     * twice on the wrong-password sign-in in CI), while the server answers that sign-in in
     * milliseconds; so did a script click once, on a sign-in, while other builds loaded the
     * machine.
     */
    private void click(WebElement element) {
        // the click runs after the script has returned: the script's answer never waits on the
        // navigation the click starts
        ((JavascriptExecutor) driver)
                .executeScript(
                        "var e = arguments[0]; setTimeout(function () { e.click(); }, 0);",
                        element);
    }

    private void awaitLeaving(String from, String what) {
        new WebDriverWait(driver, Duration.ofSeconds(30))
                // a script run while the page is being replaced may fail: look again
                .ignoring(org.openqa.selenium.JavascriptException.class)
                .withMessage(() -> what + " did not leave " + from + "; " + where())
                .until(
                        d ->
                                !path().equals(from)
                                        && "complete"
                                                .equals(
                                                        ((JavascriptExecutor) d)
                                                                .executeScript(
                                                                        "return document.readyState")));
    }

    /** Where the browser is, for a failure message: the path and the page's title. */
    public String where() {
        return "at " + path() + " (\"" + driver.getTitle() + "\")";
    }

    public String path() {
        return driver.getCurrentUrl().substring(base.length());
    }

    public String text(By by) {
        return find(by).getText();
    }

    /** The element, or a failure that says which page the browser was on instead. */
    public WebElement find(By by) {
        List<WebElement> found = driver.findElements(by);
        if (found.isEmpty()) throw new AssertionError("no element " + by + " " + where());
        return found.get(0);
    }

    @Override
    public void close() {
        driver.quit();
    }
}
