package lazyartist;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/** Debian's headless Chromium for the browser tests (.ci/run installs it); a test without it is skipped. */
public final class Chromium {

    private static final Path DRIVER = Path.of(System.getProperty("lab.chromedriver", "/usr/bin/chromedriver"));
    private static final Path BINARY = Path.of(System.getProperty("lab.chromium", "/usr/bin/chromium"));

    private Chromium() {}

    /** A headless browser with a window of the given size; skips the calling test when there is none. */
    public static ChromeDriver start(int width, int height) {
        assumeTrue(Files.isExecutable(DRIVER) && Files.isExecutable(BINARY), "no " + BINARY + " or " + DRIVER
                + ": apt-get install chromium chromium-driver (.ci/run does) to run the browser tests");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                "--window-size=" + width + "," + height);
        return new ChromeDriver(service, options);
    }
}
