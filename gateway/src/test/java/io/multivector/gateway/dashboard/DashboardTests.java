package io.multivector.gateway.dashboard;

import io.multivector.devstack.BackendsTestResource;
import io.multivector.devstack.SeedLoader;
import io.multivector.gateway.stream.service.LiveFeed;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Year;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static io.multivector.gateway.GatewayTestSupport.eventually;
import static io.multivector.gateway.GatewayTestSupport.reader;
import static io.multivector.gateway.GatewayTestSupport.writer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;

/**
 * The dashboard at {@code /} in a real headless Chromium (Debian's chromium and chromium-driver),
 * over the seed corpus loaded through the gateway. The page lists what it drew in data-* attributes,
 * which these tests read instead of canvas pixels; a screenshot of each view goes to
 * {@code target/screenshots/}.
 */
@QuarkusTest
@WithTestResource(BackendsTestResource.class)
class DashboardTests {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path SHOTS = Path.of("target", "screenshots");
    private static boolean loaded;
    private static WebDriver browser;

    @TestHTTPResource("/")
    URL page;

    @TestHTTPResource("/api/v1")
    URL api;

    @Inject
    LiveFeed feed;

    @BeforeEach
    void seedsAndBrowser() throws Exception {
        if (!loaded) {
            SeedLoader.Loaded seeds = new SeedLoader(api.toString(), BackendsTestResource.keys().writer()).load(Path.of("..", "seeds", "corpus"));
            assertThat(seeds.events()).isGreaterThan(80);
            // the last seed file of each read model is in once these answer
            eventually(() -> reader().get("/api/v1/trade/routes/kuryk-port").then().statusCode(200));
            eventually(() -> reader().get("/api/v1/trade/exports/KZ/routes?commodity=2709").then().statusCode(200)
                    .body("routes.routeId", hasItem("druzhba")));
            eventually(() -> reader().queryParam("country", "KZ").get("/api/v1/elections").then().statusCode(200)
                    .body("items.heldOn", hasItem("2023-03-19")));
            loaded = true;
        }
        if (browser == null) {
            browser = startChromium();
        }
        browser.manage().window().setSize(new Dimension(1280, 800));
        Files.createDirectories(SHOTS);
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
            browser = null;
        }
    }

    /**
     * A browser that has answered its first command. The first start on a busy machine can fail inside the driver (CI
     * once saw the first test's first command fail with a wrapped reflective error, and every later start succeed), so
     * a start that fails is logged and tried again, twice at most: the browser is the tests' tool, not what they test.
     */
    private static WebDriver startChromium() {
        RuntimeException failure = null;
        for (int attempt = 1; attempt <= 3; attempt++) {
            WebDriver started = null;
            try {
                started = launchChromium();
                started.get("about:blank");
                return started;
            } catch (RuntimeException e) {
                System.err.println("DashboardTests: Chromium start " + attempt + " of 3 failed: " + e);
                if (started != null) {
                    try {
                        started.quit();
                    } catch (RuntimeException quitting) {
                        e.addSuppressed(quitting);
                    }
                }
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        throw failure;
    }

    private static WebDriver launchChromium() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(Path.of("/usr/bin/chromium").toFile());
        // the console, failed loads included (a 404 for an icon is logged there, not in the resource timings)
        options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-dev-shm-usage", "--window-size=1280,800", "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    // ---------- tests ----------

    @Test
    void thePageAndItsChartLibraryAreServedPubliclyBesideTheApi() {
        given().get("/").then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("/webjars/echarts/dist/echarts.min.js"));
        given().get("/webjars/echarts/dist/echarts.min.js").then().statusCode(200);
        given().get("/dashboard.js").then().statusCode(200);
        // the page names its icon, so a browser does not ask for /favicon.ico and log the 404 (headless Chromium asks for none)
        given().get("/").then().body(containsString("<link rel=\"icon\" href=\"/favicon.svg\""));
        given().get("/favicon.svg").then().statusCode(200).contentType(containsString("image/svg+xml"));
        // the generic API route still answers only under /api/v1
        given().get("/api/v1/no-such-path").then().statusCode(404);
    }

    @Test
    void thePageLoadsEveryViewWithTheSeeds() throws Exception {
        consoleErrors(); // what earlier tests left in the console
        open();
        waitForState("relations", "ready");
        waitForState("balance", "ready");
        waitForState("routes", "ready");
        waitForState("feed", "open");
        assertThat(browser.getTitle()).isEqualTo("Multivector dashboard");
        assertThat(attr("balance-chart", "data-blocs")).isNotBlank();
        assertThat(csv("balance-chart", "data-years")).contains("1991", "2023");
        assertThat(browser.findElement(By.id("balance-summary")).getText()).contains("dominant bloc");
        assertThat(browserErrors()).isEmpty();
        assertThat(consoleErrors()).as("console errors and failed loads on load").isEmpty();
        // the year axis is continuous: a year without positive relations is on it, not skipped
        List<Integer> years = csv("balance-chart", "data-years").stream().map(Integer::valueOf).toList();
        assertThat(years).isNotEmpty();
        for (int i = 1; i < years.size(); i++) {
            assertThat(years.get(i)).as("the year after %d", years.get(i - 1)).isEqualTo(years.get(i - 1) + 1);
        }
        assertThat(years).containsAll(csv("balance-chart", "data-empty-years").stream().map(Integer::valueOf).toList());
        assertThat(csv("balance-chart", "data-empty-years")).doesNotContain("1991", "2023");
        shot("page-1280x800", null);
        shot("balance", "balance");

        browser.manage().window().setSize(new Dimension(390, 844));
        open();
        waitForState("relations", "ready");
        waitForState("routes", "ready");
        Number overflow = (Number) ((JavascriptExecutor) browser).executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        assertThat(overflow.intValue()).as("no horizontal scrolling at 390 px").isLessThanOrEqualTo(0);
        shot("page-390x844", null);
    }

    @Test
    void theGraphShowsThePartnersTheApiRanksForKz() throws Exception {
        open();
        waitForState("relations", "ready");
        List<String> nodes = csv("relations-graph", "data-nodes");
        List<String> api = reader().get("/api/v1/relations/KZ?asOf=" + Year.now() + "&limit=15").then().statusCode(200)
                .extract().jsonPath().getList("items.partner", String.class);
        assertThat(nodes).containsExactlyElementsOf(api).contains("RU", "CN", "US");
        assertThat(browser.findElements(By.cssSelector("#partner-list li"))).hasSize(nodes.size());
        shot("relations", "relations");
    }

    @Test
    void movingTheSliderTo2014RedrawsTheGraphFromTheApi() throws Exception {
        open();
        waitForState("relations", "ready");
        List<String> now = csv("relations-graph", "data-nodes");
        WebElement slider = browser.findElement(By.id("asof"));
        slider.click(); // focus; the value is then set with the keyboard as a user would
        slider.sendKeys(Keys.END);
        for (int y = Year.now().getValue(); y > 2014; y--) {
            slider.sendKeys(Keys.ARROW_LEFT);
        }
        assertThat(browser.findElement(By.id("asof-value")).getText()).isEqualTo("2014");
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.attributeToBe(By.id("relations-graph"), "data-as-of", "2014"));
        waitForState("relations", "ready");
        List<String> then = csv("relations-graph", "data-nodes");
        List<String> api = reader().get("/api/v1/relations/KZ?asOf=2014&limit=15").then().statusCode(200)
                .extract().jsonPath().getList("items.partner", String.class);
        assertThat(then).containsExactlyElementsOf(api).contains("RU", "US").doesNotContain("SY", "TR");
        assertThat(now).contains("SY", "TR");
        assertThat(then).isNotEqualTo(now);
        // the balance window follows the slider
        waitForState("balance", "ready");
        assertThat(csv("balance-chart", "data-years")).contains("2014").doesNotContain("2015", "2023");
        shot("relations-2014", "relations");
    }

    @Test
    void theSankeyShowsKazakhCrudeThroughDruzhba() throws Exception {
        open();
        waitForState("routes", "ready");
        assertThat(attr("routes-sankey", "data-mode")).isEqualTo("shipments");
        assertThat(csv("routes-sankey", "data-links")).contains("KZ>druzhba>DE");
        assertThat(csv("transit-bars", "data-actors")).contains("RU", "BY", "PL");
        assertThat(browser.findElement(By.id("routes-summary")).getText()).contains("Druzhba pipeline");
        shot("routes", "routes");
    }

    @Test
    void anActorWithoutShipmentsShowsAClearEmptyState() {
        open();
        WebElement actor = browser.findElement(By.id("actor"));
        actor.clear();
        actor.sendKeys("PE", Keys.ENTER);
        waitForState("routes", "empty");
        assertThat(attr("routes-sankey", "data-mode")).isIn("empty", "reported");
        assertThat(browser.findElement(By.id("routes-status")).getText()).startsWith("No ");
    }

    @Test
    void aPostedEventAppearsInTheLiveFeedAndOpensWithItsSources() throws Exception {
        await().atMost(WAIT).until(feed::ready);
        open();
        waitForState("feed", "open");
        String id = UUID.randomUUID().toString();
        writer().contentType("application/json").body("""
                {"id":"%s","type":"visit.made","data":{"occurredOn":"2024-05-02","visitor":"A foreign minister","visitorActor":"CN","host":"KZ",
                 "purpose":"Dashboard test visit","sources":[{"ref":"dashboard-test.txt","note":"written by the dashboard test"}]}}"""
                .formatted(id)).post("/api/v1/events").then().statusCode(201);
        By item = By.cssSelector("#feed-list li[data-event-id='" + id + "'] button");
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.elementToBeClickable(item));
        assertThat(browser.findElement(By.cssSelector("#feed-list li[data-event-id='" + id + "']")).getText())
                .contains("visit.made").contains("Dashboard test visit");
        shot("feed", "feed");

        browser.findElement(item).click();
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.attributeToBe(By.id("detail-body"), "data-event-id", id));
        waitForState("detail", "ready");
        assertThat(browser.findElement(By.id("detail-body")).getText()).contains(id).contains("visitorActor").contains("CN")
                .doesNotContain("[object");
        assertThat(browser.findElement(By.id("detail-sources")).getText()).contains("dashboard-test.txt")
                .contains("written by the dashboard test");
        shot("detail", "detail");
    }

    @Test
    void theFeedFiltersByType() {
        await().atMost(WAIT).until(feed::ready);
        open();
        waitForState("feed", "open");
        new Select(browser.findElement(By.id("feed-type"))).selectByValue("statement.made");
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.attributeToBe(By.id("feed"), "data-filter", "statement.made"));
        waitForState("feed", "open");
        String visit = UUID.randomUUID().toString();
        String statement = UUID.randomUUID().toString();
        writer().contentType("application/json").body("""
                {"id":"%s","type":"visit.made","data":{"occurredOn":"2024-05-03","visitor":"An envoy","visitorActor":"TR","host":"KZ","sources":[{"ref":"filter-test"}]}}"""
                .formatted(visit)).post("/api/v1/events").then().statusCode(201);
        writer().contentType("application/json").body("""
                {"id":"%s","type":"statement.made","data":{"occurredOn":"2024-05-03","speaker":"KZ","target":"TR","stance":"supportive","summary":"Filter test","sources":[{"ref":"filter-test"}]}}"""
                .formatted(statement)).post("/api/v1/events").then().statusCode(201);
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#feed-list li[data-event-id='" + statement + "']")));
        assertThat(browser.findElements(By.cssSelector("#feed-list li[data-event-id='" + visit + "']"))).isEmpty();
        assertThat(browser.findElements(By.cssSelector("#feed-list li"))).allSatisfy(li ->
                assertThat(li.getAttribute("data-type")).isEqualTo("statement.made"));
    }

    @Test
    void aPartnersRecentEventsOpenWithTheirSources() throws Exception {
        open();
        waitForState("relations", "ready");
        browser.findElement(By.cssSelector("#partner-list li[data-partner='RU'] button")).click();
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.attributeToBe(By.id("detail-body"), "data-dyad", "KZ-RU"));
        List<WebElement> recent = browser.findElements(By.cssSelector("#detail-body .recent button"));
        assertThat(recent).isNotEmpty();
        String id = recent.get(0).getAttribute("data-event-id");
        recent.get(0).click();
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.attributeToBe(By.id("detail-body"), "data-event-id", id));
        waitForState("detail", "ready");
        assertThat(Integer.parseInt(attr("detail-body", "data-sources"))).isPositive();
        assertThat(browser.findElements(By.cssSelector("#detail-sources li"))).isNotEmpty();
        shot("detail-dyad-event", "detail");
    }

    @Test
    void theKnownAtControlShowsWhatWasKnownBeforeARetraction() throws Exception {
        // a pair the seeds never name, so its graph is this visit alone
        String visit = writer().contentType("application/json").body("""
                {"type":"visit.made","data":{"occurredOn":"2024-05-02","visitor":"A trade envoy","visitorActor":"MN","host":"NP",\
                "sources":[{"ref":"known-at-test"}]}}""").post("/api/v1/events").then().statusCode(201).extract().path("id");
        eventually(() -> reader().get("/api/v1/relations/MN").then().body("items.partner", hasItem("NP")));
        java.time.Instant recorded = java.time.Instant.parse(reader().get("/api/v1/events/" + visit).then().statusCode(200)
                .extract().path("time"));
        writer().contentType("application/json").body("""
                {"type":"event.retracted","data":{"occurredOn":"2024-06-01","eventId":"%s","reason":"entered in error",\
                "sources":[{"ref":"known-at-test"}]}}""".formatted(visit)).post("/api/v1/events").then().statusCode(201);
        eventually(() -> reader().get("/api/v1/relations/MN").then().body("items", org.hamcrest.Matchers.empty()));

        open();
        WebElement actor = browser.findElement(By.id("actor"));
        actor.clear();
        actor.sendKeys("MN", Keys.ENTER);
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.attributeToBe(By.id("relations-graph"), "data-actor", "MN"));
        waitForState("relations", "empty");

        // the control's millisecond after the visit was recorded (the store keeps microseconds), before the retraction's
        String between = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS").withZone(java.time.ZoneOffset.UTC)
                .format(recorded.truncatedTo(java.time.temporal.ChronoUnit.MILLIS).plusMillis(1));
        String shown = setKnownAt(between);
        assertThat(shown).as("the control took the time").startsWith(between.substring(0, 19));
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.attributeToBe(By.id("relations-graph"), "data-known-at", shown));
        waitForState("relations", "ready");
        assertThat(csv("relations-graph", "data-nodes")).containsExactly("NP");
        shot("relations-known-at", "relations");

        // emptied, the control means now again: the retraction counts
        setKnownAt("");
        // (WebDriver reads an empty attribute as absent: ask the page)
        new WebDriverWait(browser, WAIT).until(d -> "".equals(((JavascriptExecutor) d).executeScript(
                "return document.getElementById('relations-graph').dataset.knownAt;")));
        waitForState("relations", "empty");
        assertThat(csv("relations-graph", "data-nodes")).isEmpty();
        assertThat(consoleErrors()).as("console errors while moving the known-at control").isEmpty();
    }

    // ---------- helpers ----------

    private void open() {
        browser.get(page.toString());
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
    }

    /**
     * Sets the known-at control as its picker would (typing into a datetime-local field depends on the browser's locale)
     * and tells the page, as a user's change does; answers the value as the control holds it (it may drop a zero fraction).
     */
    private static String setKnownAt(String value) {
        return (String) ((JavascriptExecutor) browser).executeScript("const c = document.getElementById('knownat'); c.value = arguments[0];"
                + " c.dispatchEvent(new Event('change', {bubbles: true})); return c.value;", value);
    }

    private static void waitForState(String view, String state) {
        new WebDriverWait(browser, WAIT).withMessage(() -> view + " is " + attr(view, "data-state") + ": "
                        + browser.findElement(By.id(view + "-status")).getText())
                .until(ExpectedConditions.attributeToBe(By.id(view), "data-state", state));
    }

    private static String attr(String id, String name) {
        String value = browser.findElement(By.id(id)).getAttribute(name);
        return value == null ? "" : value;
    }

    private static List<String> csv(String id, String name) {
        String value = attr(id, name);
        return value.isBlank() ? List.of() : Arrays.asList(value.split(","));
    }

    /** The console's errors since it was last read (failed loads, the icon's included, appear there as errors too). */
    private static List<String> consoleErrors() {
        return browser.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
                .map(e -> e.getLevel() + " " + e.getMessage()).toList();
    }

    /** The page's own requests that failed (resource timings). */
    private static List<String> browserErrors() {
        Object errors = ((JavascriptExecutor) browser).executeScript(
                "return performance.getEntriesByType('resource').filter(e => e.responseStatus >= 400).map(e => e.name);");
        @SuppressWarnings("unchecked")
        List<String> list = (List<String>) errors;
        return list;
    }

    /** A screenshot of one view (by element id) or of the whole viewport (null). */
    private static void shot(String name, String elementId) throws Exception {
        if (elementId == null) {
            File file = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
            Files.copy(file.toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
            return;
        }
        // a view taller than the window would be cut: grow the window (same width, so the same layout) meanwhile
        Dimension size = browser.manage().window().getSize();
        WebElement view = browser.findElement(By.id(elementId));
        int needed = view.getRect().getY() + view.getRect().getHeight() + 200;
        if (needed > size.getHeight()) {
            browser.manage().window().setSize(new Dimension(size.getWidth(), needed));
        }
        try {
            File file = browser.findElement(By.id(elementId)).getScreenshotAs(OutputType.FILE);
            Files.copy(file.toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } finally {
            browser.manage().window().setSize(size);
        }
    }
}
