package io.emostream.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.emostream.OutsideTools;
import io.emostream.avro.CommentEvent;
import io.emostream.config.EmostreamConfig;
import io.emostream.produce.CommentProducer;
import io.emostream.service.ClassifierRuntime;
import io.emostream.service.Preflight;
import java.io.File;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser: the embedded stack with the shipped model labels comments from three sources, one
 * of which gets a burst of angry comments; headless Chromium (Debian's chromium and chromium-driver, never downloaded
 * here) must draw the trend chart's points and list the planted alert, then show "disconnected" once the server is
 * gone. Screenshots: target/dashboard.png and target/dashboard-disconnected.png.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class DashboardBrowserTest {
    private static final List<String> SOURCES = List.of("news", "forum", "reviews");

    @Test
    void theDashboardDrawsTrendsAndListsThePlantedAlertAndShowsWhenTheServerIsGone() throws Exception {
        File chromium = OutsideTools.onPath("chromium", "chromium-browser", "google-chrome")
                .orElse(null);
        File driverBinary = OutsideTools.onPath("chromedriver").orElse(null);
        OutsideTools.require(
                chromium != null && driverBinary != null,
                "no Chromium and chromedriver: install them (Debian: apt-get install chromium chromium-driver) to run the dashboard test");

        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> normal = Files.readAllLines(Path.of("src/main/resources/samples/comments.txt")).stream()
                .filter(l -> !l.isBlank())
                .toList();
        List<String> angry = Files.readAllLines(Path.of("src/main/resources/samples/spike.txt")).stream()
                .filter(l -> !l.isBlank())
                .toList();
        try (LocalCluster cluster = new LocalCluster()) {
            // 2 s windows: a baseline of three windows, the spike, and the window after it close within about 15 s
            EmostreamConfig c = cluster.config(
                    "dashboard-it",
                    Map.of(
                            "http.port",
                            Integer.toString(port),
                            "learner.enabled",
                            "false",
                            "model.dir",
                            "models/default",
                            "trends.window.ms",
                            "2000",
                            "trends.grace.ms",
                            "500",
                            "trends.long.window.ms",
                            "0",
                            "alerts.warmup.windows",
                            "3",
                            "topics.file",
                            Path.of("src/main/resources/samples/topics.yaml")
                                    .toAbsolutePath()
                                    .toString()));
            Preflight.createAll(c);
            ClassifierRuntime runtime = ClassifierRuntime.start(c, Path.of("."), m -> {});
            WebDriver browser = null;
            try (CommentProducer producer = new CommentProducer(c, c.get("topic.comments"), 30)) {
                Random r = new Random(1);
                long start = System.currentTimeMillis();
                int i = 0;
                while (System.currentTimeMillis() - start < 16_000) {
                    long t = System.currentTimeMillis() - start;
                    String source = SOURCES.get(r.nextInt(SOURCES.size()));
                    boolean spike = source.equals("forum") && t >= 9_000 && t < 12_000;
                    String text = spike ? angry.get(i % angry.size()) : normal.get(i % normal.size());
                    producer.send(CommentEvent.newBuilder()
                            .setId("b-" + i++)
                            .setText(text)
                            .setSource(source)
                            .setCreatedAt(Instant.now())
                            .build());
                }
                producer.flush();

                ChromeOptions options = new ChromeOptions()
                        .setBinary(chromium)
                        .addArguments(
                                "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000");
                browser = new ChromeDriver(
                        new ChromeDriverService.Builder()
                                .usingDriverExecutable(driverBinary)
                                .usingAnyFreePort()
                                .build(),
                        options);
                browser.get("http://127.0.0.1:" + port + "/");
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
                wait.until(b ->
                        Integer.parseInt(b.findElement(By.id("trend-chart")).getDomAttribute("data-points")) >= 5);
                // uPlot draws on a canvas: its series paths exist once points are drawn
                assertThat(browser.findElements(By.cssSelector("#trend-chart canvas")))
                        .isNotEmpty();
                WebElement alert =
                        wait.until(b -> b.findElements(By.cssSelector("#alerts li.alert[data-source='forum']")).stream()
                                .findFirst()
                                .orElse(null));
                // the burst is angry and disgusted comments: the first alert names one of their emotions
                assertThat(alert.getText())
                        .containsAnyOf("anger", "annoyance", "disgust", "negative")
                        .contains("forum");
                assertThat(alert.findElements(By.tagName("blockquote"))).isNotEmpty();
                // the burst is about a tracked topic: its alert says so, and the topic is in the selector
                WebElement topicAlert =
                        wait.until(b -> b.findElements(By.cssSelector("#alerts li.alert[data-topic='Nimbus']")).stream()
                                .findFirst()
                                .orElse(null));
                assertThat(topicAlert.getText()).contains("about Nimbus").contains("topic Nimbus: ");
                wait.until(b -> !b.findElements(By.cssSelector("#source option[value='topic:Nimbus']"))
                        .isEmpty());
                new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("source")))
                        .selectByValue("topic:Nimbus");
                wait.until(b -> {
                    WebElement chart = b.findElement(By.id("trend-chart"));
                    return "topic:Nimbus".equals(chart.getDomAttribute("data-series"))
                            && Integer.parseInt(chart.getDomAttribute("data-points")) >= 3;
                });
                assertThat(browser.findElement(By.id("model")).getText())
                        .isEqualTo(runtime.models().current().version());
                assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("live");
                Thread.sleep(2_500); // one more refresh of the live charts for the picture
                screenshot(browser, "target/dashboard.png");

                runtime.close();
                runtime = null;
                wait.until(b -> b.findElement(By.id("status")).getText().startsWith("disconnected"));
                screenshot(browser, "target/dashboard-disconnected.png");
            } finally {
                if (browser != null) browser.quit();
                if (runtime != null) runtime.close();
            }
        }
    }

    private static void screenshot(WebDriver browser, String path) throws Exception {
        File png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(png.toPath(), Path.of(path), StandardCopyOption.REPLACE_EXISTING);
    }
}
