package org.reclaim.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

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
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
                "browser tests skipped: Debian's chromium and chromium-driver are not installed "
                        + "(apt-get install chromium chromium-driver; .ci/run does this)");
        System.setProperty("SE_OFFLINE", "true");
        System.setProperty("se.offline", "true");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1400,1000", "--no-first-run", "--disable-extensions");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().implicitlyWait(Duration.ofSeconds(2));
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        return new Browser(driver, "http://localhost:" + port);
    }

    public Browser go(String path) {
        driver.get(base + path);
        return this;
    }

    public Browser signIn(String user, String password) {
        go("/login");
        driver.findElement(By.id("username")).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("sign-in")).click();
        return this;
    }

    public String path() {
        return driver.getCurrentUrl().substring(base.length());
    }

    public String text(By by) {
        return driver.findElement(by).getText();
    }

    @Override
    public void close() {
        driver.quit();
    }
}
