package lazyartist.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import lazyartist.data.ColoredDataset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The lab page driven in headless Chromium (Debian's chromium and chromium-driver; .ci/run installs
 * them). Screenshots go to target/lab-screenshots.
 */
class LabBrowserTest {

    private static final Path SHOTS = Path.of("target", "lab-screenshots");
    private static LabServer server;
    private static ChromeDriver driver;

    @BeforeAll
    static void start() throws IOException {
        driver = lazyartist.Chromium.start(1400, 2000);
        server = LabServer.start(LabFixture.lab(), "127.0.0.1", 0);
        Files.createDirectories(SHOTS);
    }

    @AfterAll
    static void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    private static WebDriverWait waiting() {
        return new WebDriverWait(driver, Duration.ofSeconds(60));
    }

    private static String updates() {
        return driver.findElement(By.id("readings")).getDomAttribute("data-updates");
    }

    private static int answer(String model) {
        return Integer.parseInt(driver.findElement(By.cssSelector("#readings tr[data-model='" + model + "']"))
                .getDomAttribute("data-predicted"));
    }

    private static void shoot(String section) throws IOException {
        WebElement e = driver.findElement(By.id(section));
        Files.write(SHOTS.resolve(section + ".png"), e.getScreenshotAs(OutputType.BYTES));
    }

    /** A validation digit the shape reader reads right in its own colour. */
    private static int readableDigit() {
        Lab lab = LabFixture.lab();
        for (int i = 0; ; i++) {
            Lab.Digit d = lab.digit(ColoredDataset.VAL, i);
            if (lab.read(d.image()).stream().filter(r -> r.model().equals("shape-reader")).findFirst().orElseThrow()
                    .predicted() == d.label()) {
                return i;
            }
        }
    }

    @Test
    void paintingFlipsTheCheaterNotTheShapeReaderAndTheMapAndAttackAppear() throws IOException {
        driver.get(server.address().toString());
        waiting().until(d -> updates() != null);
        int index = readableDigit();
        int label = LabFixture.lab().digit(ColoredDataset.VAL, index).label();
        new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("split"))).selectByValue("val");
        WebElement box = driver.findElement(By.id("index"));
        box.clear();
        box.sendKeys(String.valueOf(index));
        String before = updates();
        driver.findElement(By.id("load")).click();
        waiting().until(d -> !updates().equals(before));
        shoot("pick");
        int followed = 0;
        int stayed = 0;
        for (int colour = 0; colour < 10; colour++) {
            String was = updates();
            driver.findElement(By.id("swatch-" + colour)).click();
            waiting().until(d -> !updates().equals(was));
            followed += answer("cheater") == colour ? 1 : 0;
            stayed += answer("shape-reader") == label ? 1 : 0;
        }
        shoot("read");
        assertThat(followed).as("paintings whose colour the cheater answers").isGreaterThanOrEqualTo(8);
        assertThat(stayed).as("paintings the shape reader still reads as %d", label).isGreaterThanOrEqualTo(8);

        driver.findElement(By.id("look-go")).click();
        waiting().until(d -> "true".equals(d.findElement(By.id("map")).getDomAttribute("data-drawn")));
        String map = (String) ((JavascriptExecutor) driver).executeScript(
                "return document.getElementById('map').toDataURL('image/png');");
        assertThat(Base64.getDecoder().decode(map.substring(map.indexOf(',') + 1)).length).isGreaterThan(1000);
        shoot("look");

        ((JavascriptExecutor) driver).executeScript("const s = document.getElementById('fool-eps');"
                + " s.value = '0.1'; s.dispatchEvent(new Event('input'));");
        driver.findElement(By.id("fool-go")).click();
        WebElement result = driver.findElement(By.id("fool-result"));
        waiting().until(d -> result.getDomAttribute("data-maxchange") != null);
        double maxChange = Double.parseDouble(result.getDomAttribute("data-maxchange"));
        assertThat(Double.parseDouble(result.getDomAttribute("data-epsilon"))).isEqualTo(0.1);
        assertThat(Math.round(maxChange * 255)).isPositive().isLessThanOrEqualTo(Math.round(0.1 * 255));
        shoot("fool");

        driver.findElement(By.id("dream-go")).click();
        waiting().until(d -> !d.findElement(By.id("dream-step-value")).getText().isEmpty());
        shoot("dream");
        assertThat(driver.findElement(By.id("status")).getDomAttribute("class")).isNotEqualTo("error");
        assertThat(List.of(driver.findElement(By.id("status")).getText())).noneMatch(s -> s.contains("could not"));
    }
}
