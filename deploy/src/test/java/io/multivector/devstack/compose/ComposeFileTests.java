package io.multivector.devstack.compose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.AnnotationKeyword;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.multivector.devstack.KafkaClusterSettings;
import io.multivector.events.Topic;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/docker-compose.yml, its monitoring overlay and the services' Dockerfiles, checked without a
 * Docker engine: parsed with a real YAML parser (SnakeYAML, so anchors and merge keys resolve as
 * Compose resolves them), validated against the compose-spec JSON Schema (vendored in test
 * resources, see its README), and held to the rules of the deployment: only the gateway published,
 * health checks and conditions everywhere, every setting the services need given, the Kafka
 * cluster replicated, data on named volumes. The images were not built and no container was started.
 */
class ComposeFileTests {

    /** The four services: module → the image's Dockerfile lives at deploy/docker/&lt;module&gt;.Dockerfile. */
    static final List<String> SERVICES = List.of("ingest-service", "relations-service", "trade-service", "gateway");
    static final List<String> KAFKA_NODES = List.of("kafka-1", "kafka-2", "kafka-3");
    static final Pattern GO_DURATION = Pattern.compile("^([0-9]+(\\.[0-9]+)?(ns|us|ms|s|m|h))+$");
    /** Compose interpolation that requires a value: ${VAR} or ${VAR:?message} / ${VAR?message}. */
    static final Pattern REQUIRED_INTERPOLATION = Pattern.compile("\\$\\{([A-Z0-9_]+)(:?\\?[^}]*)?}");

    /** The cluster's settings, as compose's env_file names them (relative to the compose file). */
    static final String CLUSTER_ENV = "kafka/cluster.env";

    static Path root;
    static Map<String, Object> compose;
    static Map<String, Object> monitoring;

    @BeforeAll
    static void load() throws IOException {
        Path dir = Path.of("").toAbsolutePath();
        root = Files.exists(dir.resolve("deploy/docker-compose.yml")) ? dir : dir.getParent();
        compose = yaml(root.resolve("deploy/docker-compose.yml"));
        monitoring = yaml(root.resolve("deploy/docker-compose.monitoring.yml"));
    }

    // ---- schema -----------------------------------------------------------------------------------

    @Test
    void bothComposeFilesMatchTheComposeSpecSchema() throws IOException {
        JsonSchema schema = composeSpec();
        assertThat(schema.validate(json(compose))).as("docker-compose.yml").isEmpty();
        assertThat(schema.validate(json(monitoring))).as("docker-compose.monitoring.yml").isEmpty();
    }

    @Test
    void theSchemaRefusesWhatComposeRefuses() throws IOException {
        JsonSchema schema = composeSpec();
        Map<String, Object> typo = yamlText("services:\n  a:\n    image: x\n    helthcheck: {test: [CMD, 'true']}\n");
        Map<String, Object> badCondition = yamlText(
                "services:\n  a:\n    image: x\n    depends_on:\n      b: {condition: service_ready}\n  b:\n    image: y\n");
        Set<ValidationMessage> typoErrors = schema.validate(json(typo));
        assertThat(typoErrors).isNotEmpty();
        assertThat(schema.validate(json(badCondition))).isNotEmpty();
    }

    @Test
    void durationsAreComposeDurations() {
        // The schema's "duration" format is not asserted (Compose durations are Go's, not ISO 8601): checked here.
        for (var e : allServices().entrySet()) {
            Map<String, Object> hc = map(e.getValue().getOrDefault("healthcheck", Map.of()));
            for (String k : List.of("interval", "timeout", "start_period")) {
                if (hc.containsKey(k)) {
                    assertThat(String.valueOf(hc.get(k))).as(e.getKey() + " healthcheck " + k).matches(GO_DURATION);
                }
            }
            if (e.getValue().containsKey("stop_grace_period")) {
                assertThat(String.valueOf(e.getValue().get("stop_grace_period"))).matches(GO_DURATION);
            }
        }
    }

    // ---- the deployment's rules -------------------------------------------------------------------

    @Test
    void onlyTheGatewayIsPublished() {
        Map<String, Map<String, Object>> services = services(compose);
        assertThat(services).containsKeys(SERVICES.toArray(String[]::new)).containsKeys(KAFKA_NODES.toArray(String[]::new))
                .containsKeys("kafka-init", "postgres");
        assertThat(services.entrySet().stream().filter(e -> e.getValue().containsKey("ports")).map(Map.Entry::getKey))
                .containsExactly("gateway");
        List<Object> ports = list(services.get("gateway").get("ports"));
        assertThat(ports).hasSize(1);
        assertThat(String.valueOf(ports.get(0))).endsWith(":" + httpPort("gateway"));
        for (Map<String, Object> s : services.values()) {
            assertThat(s).doesNotContainKeys("network_mode", "expose");
        }
        // The overlay adds Prometheus on the host's loopback only.
        for (var e : services(monitoring).entrySet()) {
            for (Object p : list(e.getValue().getOrDefault("ports", List.of()))) {
                assertThat(String.valueOf(p)).as(e.getKey()).startsWith("127.0.0.1:");
            }
        }
    }

    @Test
    void everyLongRunningServiceHasAHealthcheckAndARestartPolicyAndLimits() {
        for (var e : allServices().entrySet()) {
            String name = e.getKey();
            Map<String, Object> s = e.getValue();
            Map<String, Object> limits = map(map(map(s.get("deploy")).get("resources")).get("limits"));
            assertThat(limits).as(name + " deploy.resources.limits").containsKeys("cpus", "memory");
            if (name.equals("kafka-init")) {
                assertThat(s.get("restart")).as("the one-shot init is not restarted").isEqualTo("no");
                continue;
            }
            assertThat(s.get("restart")).as(name + " restart").isIn("unless-stopped", "always");
            Map<String, Object> hc = map(s.get("healthcheck"));
            assertThat(hc).as(name + " healthcheck").containsKey("test").doesNotContainKey("disable");
            assertThat(list(hc.get("test"))).as(name + " healthcheck test").hasSizeGreaterThan(1)
                    .first().isIn("CMD", "CMD-SHELL");
        }
        for (String module : SERVICES) {
            String test = String.join(" ", list(map(services(compose).get(module).get("healthcheck")).get("test"))
                    .stream().map(String::valueOf).toList());
            assertThat(test).as(module).contains("/dev/tcp/127.0.0.1/" + httpPort(module)).contains("GET /q/health/ready ");
        }
    }

    @Test
    void dependsOnAlwaysNamesACondition() {
        Map<String, Map<String, Object>> all = allServices();
        for (var e : all.entrySet()) {
            Object dependsOn = e.getValue().get("depends_on");
            if (dependsOn == null) {
                continue;
            }
            assertThat(dependsOn).as(e.getKey() + " depends_on must be the long form with conditions").isInstanceOf(Map.class);
            for (var d : map(dependsOn).entrySet()) {
                String condition = String.valueOf(map(d.getValue()).get("condition"));
                assertThat(all).as(e.getKey() + " depends on " + d.getKey()).containsKey(d.getKey());
                if (condition.equals("service_completed_successfully")) {
                    assertThat(d.getKey()).isEqualTo("kafka-init");
                } else {
                    assertThat(condition).as(e.getKey() + " → " + d.getKey()).isEqualTo("service_healthy");
                    assertThat(all.get(d.getKey())).as(d.getKey() + " is waited for healthy").containsKey("healthcheck");
                }
            }
        }
        Map<String, Map<String, Object>> services = services(compose);
        for (String module : SERVICES) {
            assertThat(dependencies(services.get(module))).as(module)
                    .containsEntry("kafka-init", "service_completed_successfully");
        }
        for (String module : List.of("ingest-service", "relations-service", "trade-service")) {
            assertThat(dependencies(services.get(module))).as(module).containsEntry("postgres", "service_healthy");
            assertThat(dependencies(services.get("gateway"))).containsEntry(module, "service_healthy");
        }
        for (String node : KAFKA_NODES) {
            assertThat(dependencies(services.get("kafka-init"))).containsEntry(node, "service_healthy");
        }
    }

    @Test
    void everySettingAServiceNeedsIsGiven() throws IOException {
        Map<String, Map<String, Object>> services = services(compose);
        for (String module : SERVICES) {
            Map<String, Object> env = map(services.get(module).get("environment"));
            List<Expression> reads = expressions(module);
            assertThat(reads).as(module + " reads settings from the environment").isNotEmpty();
            for (Expression x : reads) {
                if (!x.usableDefault()) {
                    assertThat(x.variables().stream().anyMatch(env::containsKey))
                            .as(module + " needs one of " + x.variables() + " (its default " + x.fallback() + " is not for a deployment)")
                            .isTrue();
                }
            }
            Set<String> known = reads.stream().flatMap(x -> x.variables().stream()).collect(Collectors.toSet());
            assertThat(env.keySet()).as(module + ": every variable compose sets is one the service reads").isSubsetOf(known);
            for (Object v : env.values()) {
                assertThat(v).as(module + " environment values are strings").isInstanceOf(String.class);
                assertThat((String) v).doesNotContain("localhost").doesNotContain("127.0.0.1");
            }
        }
        // One database and one role per service, as the init script makes them.
        for (String db : List.of("ingest", "relations", "trade")) {
            Map<String, Object> env = map(services.get(db + "-service").get("environment"));
            String upper = db.toUpperCase();
            assertThat(env).containsEntry("MULTIVECTOR_" + upper + "_DB_URL", "jdbc:postgresql://postgres:5432/" + db)
                    .containsEntry("MULTIVECTOR_" + upper + "_DB_USER", db)
                    .containsKey("MULTIVECTOR_" + upper + "_DB_PASSWORD");
        }
        Map<String, Object> gateway = map(services.get("gateway").get("environment"));
        assertThat(String.valueOf(gateway.get("MULTIVECTOR_INGEST_URLS"))).contains("http://ingest-service:" + httpPort("ingest-service"));
        assertThat(String.valueOf(gateway.get("MULTIVECTOR_RELATIONS_URLS"))).contains("http://relations-service:" + httpPort("relations-service"));
        assertThat(String.valueOf(gateway.get("MULTIVECTOR_TRADE_URLS"))).contains("http://trade-service:" + httpPort("trade-service"));
        String credential = String.valueOf(gateway.get("MULTIVECTOR_INTERNAL_CREDENTIAL"));
        for (String module : SERVICES) {
            assertThat(map(services.get(module).get("environment")).get("MULTIVECTOR_INTERNAL_CREDENTIAL"))
                    .as(module + " shares the gateway's internal credential").isEqualTo(credential);
        }
    }

    @Test
    void postgresMakesOneDatabaseAndRolePerService() throws IOException {
        Map<String, Object> postgres = services(compose).get("postgres");
        assertThat(String.valueOf(postgres.get("image"))).matches("postgres:1[67](\\..*)?");
        List<String> volumes = list(postgres.get("volumes")).stream().map(String::valueOf).toList();
        assertThat(volumes).contains("./initdb:/docker-entrypoint-initdb.d:ro");
        Path script = root.resolve("deploy/initdb/10-multivector.sh");
        assertThat(script).exists();
        assertThat(Files.isExecutable(script)).as("executable, so the image runs rather than sources it").isTrue();
        String text = Files.readString(script);
        assertThat(text).contains("for db in ingest relations trade;").contains("CREATE ROLE :\"name\" LOGIN PASSWORD :'password';")
                .contains("CREATE DATABASE :\"name\" OWNER :\"name\";");
        Map<String, Object> env = map(postgres.get("environment"));
        assertThat(env).containsKeys("POSTGRES_PASSWORD", "MULTIVECTOR_INGEST_DB_PASSWORD",
                "MULTIVECTOR_RELATIONS_DB_PASSWORD", "MULTIVECTOR_TRADE_DB_PASSWORD");
    }

    @Test
    void kafkaIsThreeReplicatedKraftNodesAtTheClientsVersion() throws IOException {
        Map<String, Map<String, Object>> services = services(compose);
        String version = AppInfoParser.getVersion(); // kafka-clients, as the Quarkus BOM manages it
        Set<String> nodeIds = new LinkedHashSet<>();
        Set<Object> clusterIds = new LinkedHashSet<>();
        for (String node : KAFKA_NODES) {
            Map<String, Object> s = services.get(node);
            assertThat(s.get("image")).as(node).isEqualTo("apache/kafka:" + version);
            assertThat(s.get("env_file")).as(node + " takes the cluster's settings from the file up --brokers 3 reads").isEqualTo(CLUSTER_ENV);
            Map<String, Object> env = new LinkedHashMap<>(clusterEnv());
            env.putAll(map(s.get("environment")));
            assertThat(env).as(node)
                    .containsEntry("KAFKA_PROCESS_ROLES", "broker,controller")
                    .containsEntry("KAFKA_CONTROLLER_QUORUM_VOTERS", "1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093")
                    .containsEntry("KAFKA_ADVERTISED_LISTENERS", "PLAINTEXT://" + node + ":9092")
                    .containsEntry("KAFKA_DEFAULT_REPLICATION_FACTOR", "3")
                    .containsEntry("KAFKA_MIN_INSYNC_REPLICAS", "2")
                    .containsEntry("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "3")
                    .containsEntry("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "3")
                    .containsEntry("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "2")
                    .containsEntry("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
                    .containsEntry("KAFKA_LOG_DIRS", "/var/lib/kafka/data");
            nodeIds.add(String.valueOf(env.get("KAFKA_NODE_ID")));
            clusterIds.add(env.get("CLUSTER_ID"));
            assertThat(list(s.get("volumes"))).containsExactly(node + "-data:/var/lib/kafka/data");
        }
        assertThat(nodeIds).containsExactly("1", "2", "3");
        assertThat(clusterIds).hasSize(1);
        for (String module : SERVICES) {
            assertThat(map(services.get(module).get("environment")))
                    .containsEntry("MULTIVECTOR_KAFKA", "kafka-1:9092,kafka-2:9092,kafka-3:9092");
        }
    }

    @Test
    void upWithThreeBrokersSetsItsNodesAndTopicsFromTheFileComposeReads() throws IOException {
        // the classpath copy the dev stack reads is the file compose reads, as the build copies it
        KafkaClusterSettings cluster = KafkaClusterSettings.threeNodes();
        Map<String, String> onDisk = clusterEnv();
        assertThat(cluster.brokerProperties())
                .containsEntry("min.insync.replicas", onDisk.get("KAFKA_MIN_INSYNC_REPLICAS"))
                .containsEntry("default.replication.factor", onDisk.get("KAFKA_DEFAULT_REPLICATION_FACTOR"))
                .containsEntry("transaction.state.log.min.isr", onDisk.get("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR"))
                .hasSize((int) onDisk.keySet().stream().filter(k -> k.startsWith("KAFKA_")).count());
        assertThat(cluster.topicReplication()).isEqualTo(Short.parseShort(onDisk.get("TOPIC_REPLICATION_FACTOR"))).isEqualTo((short) 3);
        assertThat(cluster.topicConfigs()).containsEntry("min.insync.replicas", "2").containsEntry("retention.ms", "-1")
                .containsEntry("max.message.bytes", "8388608");
        assertThat(String.join(",", cluster.topicConfigs().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()))
                .isEqualTo(onDisk.get("TOPIC_CONFIGS"));
        // one node: the same topic settings, nothing replicated
        KafkaClusterSettings single = KafkaClusterSettings.singleNode();
        assertThat(single.topicReplication()).isEqualTo((short) 1);
        assertThat(single.topicConfigs()).containsEntry("min.insync.replicas", "1").containsEntry("retention.ms", "-1")
                .containsEntry("max.message.bytes", "8388608");
        assertThat(single.brokerProperties()).containsEntry("offsets.topic.replication.factor", "1")
                .containsEntry("min.insync.replicas", "1").containsEntry("process.roles", "broker,controller");
    }

    @Test
    void theInitServiceCreatesEveryTopicReplicatedAndKeptForever() throws IOException {
        Map<String, Object> init = services(compose).get("kafka-init");
        assertThat(init.get("image")).isEqualTo("apache/kafka:" + AppInfoParser.getVersion());
        assertThat(init.get("env_file")).isEqualTo(CLUSTER_ENV);
        assertThat(clusterEnv()).containsEntry("TOPIC_REPLICATION_FACTOR", "3")
                .containsEntry("TOPIC_CONFIGS", "min.insync.replicas=2,retention.ms=-1,max.message.bytes=8388608");
        String script = String.join("\n", list(init.get("command")).stream().map(String::valueOf).toList());
        Matcher loop = Pattern.compile("for topic in ([^;]+); do").matcher(script);
        assertThat(loop.find()).as("a loop over the topics").isTrue();
        List<String> expected = new ArrayList<>();
        for (Topic t : Topic.values()) {
            expected.add(t.topicName());
            expected.add(t.deadLetterTopicName());
        }
        assertThat(List.of(loop.group(1).trim().split("\\s+"))).containsExactlyInAnyOrderElementsOf(expected).hasSize(2 * Topic.values().length);
        assertThat(script).contains("for c in $${TOPIC_CONFIGS//,/ }; do configs+=(--config \"$$c\"); done")
                .contains("kafka-topics.sh --bootstrap-server \"$$BOOTSTRAP\" --create --if-not-exists --topic \"$$topic\"")
                .contains("--replication-factor \"$$TOPIC_REPLICATION_FACTOR\" \"$${configs[@]}\"")
                .contains("--add-config \"$$TOPIC_CONFIGS\"");
        assertThat(map(init.get("environment"))).containsEntry("BOOTSTRAP", "kafka-1:9092,kafka-2:9092,kafka-3:9092");
        assertThat(list(init.get("entrypoint"))).first().isEqualTo("/bin/bash");
        assertThat(list(init.get("entrypoint"))).contains("pipefail", "-c");
    }

    @Test
    void dataLivesOnNamedVolumesAndBindMountsAreReadOnlyFilesOfDeploy() {
        for (Map<String, Object> file : List.of(compose, monitoring)) {
            Set<String> declared = map(file.get("volumes")).keySet();
            Set<String> used = new LinkedHashSet<>();
            for (var e : services(file).entrySet()) {
                for (Object v : list(e.getValue().getOrDefault("volumes", List.of()))) {
                    assertThat(v).as(e.getKey() + " volumes in the short form").isInstanceOf(String.class);
                    String[] parts = ((String) v).split(":");
                    assertThat(parts.length).as(e.getKey() + " " + v + ": no anonymous volume").isGreaterThanOrEqualTo(2);
                    if (parts[0].startsWith(".")) {
                        assertThat(root.resolve("deploy").resolve(parts[0])).as(e.getKey() + " bind mount").exists();
                        assertThat(parts).as(e.getKey() + " " + v + " read-only").endsWith("ro");
                    } else {
                        assertThat(declared).as(e.getKey() + " " + v + " is a declared named volume").contains(parts[0]);
                        used.add(parts[0]);
                    }
                }
            }
            assertThat(used).as("every declared volume is used").containsExactlyInAnyOrderElementsOf(declared);
        }
        assertThat(map(compose.get("volumes"))).containsOnlyKeys("kafka-1-data", "kafka-2-data", "kafka-3-data", "postgres-data");
        assertThat(list(services(compose).get("postgres").get("volumes"))).contains("postgres-data:/var/lib/postgresql/data");
    }

    @Test
    void secretsComeFromTheEnvFileAndItsExampleNamesThemAll() throws IOException {
        Properties example = new Properties();
        try (Reader r = Files.newBufferedReader(root.resolve("deploy/.env.example"))) {
            example.load(r);
        }
        Set<String> required = new LinkedHashSet<>();
        for (Path f : List.of(root.resolve("deploy/docker-compose.yml"), root.resolve("deploy/docker-compose.monitoring.yml"))) {
            Matcher m = REQUIRED_INTERPOLATION.matcher(Files.readString(f));
            while (m.find()) {
                required.add(m.group(1));
            }
        }
        assertThat(required).contains("MULTIVECTOR_API_KEYS", "MULTIVECTOR_INTERNAL_CREDENTIAL", "POSTGRES_PASSWORD");
        assertThat(example.stringPropertyNames()).as(".env.example names every value compose requires").containsAll(required);
        for (String secret : required) {
            assertThat(example.getProperty(secret)).as(secret + " ships empty: compose refuses to start until it is set").isEmpty();
        }
        String text = Files.readString(root.resolve("deploy/.env.example"));
        assertThat(text).contains("printf %s \"$KEY\" | sha256sum");
        assertThat(Files.readString(root.resolve(".gitignore"))).contains("deploy/.env");
    }

    @Test
    void prometheusScrapesEveryServicesMetrics() throws IOException {
        Map<String, Object> prometheus = services(monitoring).get("prometheus");
        assertThat(String.valueOf(prometheus.get("image"))).startsWith("prom/prometheus:v");
        assertThat(list(prometheus.get("volumes"))).contains("./prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro");
        Map<String, Object> config = yaml(root.resolve("deploy/prometheus/prometheus.yml"));
        Map<String, Map<String, Object>> jobs = new LinkedHashMap<>();
        for (Object j : list(config.get("scrape_configs"))) {
            jobs.put(String.valueOf(map(j).get("job_name")), map(j));
        }
        for (String module : SERVICES) {
            Map<String, Object> job = jobs.get(module);
            assertThat(job).as(module).isNotNull().containsEntry("metrics_path", "/q/metrics");
            Map<String, Object> sd = map(list(job.get("dns_sd_configs")).get(0));
            assertThat(list(sd.get("names"))).containsExactly(module);
            assertThat(sd).containsEntry("type", "A").containsEntry("port", httpPort(module));
        }
    }

    // ---- images -----------------------------------------------------------------------------------

    @Test
    void composeBuildsEachServiceFromItsDockerfile() {
        for (String module : SERVICES) {
            Map<String, Object> build = map(services(compose).get(module).get("build"));
            assertThat(build).as(module).containsEntry("context", "..")
                    .containsEntry("dockerfile", "deploy/docker/" + module + ".Dockerfile");
            assertThat(String.valueOf(services(compose).get(module).get("image"))).startsWith("multivector/" + module + ":");
        }
    }

    @Test
    void eachDockerfileRunsTheFastJarOnAJre21AsANonRootUserWithAHealthcheck() throws IOException {
        for (String module : SERVICES) {
            List<Instruction> df = dockerfile(root.resolve("deploy/docker/" + module + ".Dockerfile"));
            String port = String.valueOf(httpPort(module));
            List<Instruction> froms = df.stream().filter(i -> i.is("FROM")).toList();
            assertThat(froms).as(module + " one stage").hasSize(1);
            assertThat(froms.get(0).args()).as(module + " FROM").matches("eclipse-temurin:21(\\.[0-9._]+)?-jre(-[a-z]+)?(@sha256:[0-9a-f]{64})?");
            assertThat(df.get(0).is("FROM")).isTrue();

            List<Instruction> users = df.stream().filter(i -> i.is("USER")).toList();
            assertThat(users).as(module + " USER").isNotEmpty();
            String user = users.get(users.size() - 1).args().split(":")[0];
            assertThat(user).as(module + " runs as non-root").isNotIn("root", "0");

            List<Instruction> copies = df.stream().filter(i -> i.is("COPY")).toList();
            String appDir = module + "/target/quarkus-app/";
            Set<String> sources = new LinkedHashSet<>();
            for (Instruction c : copies) {
                List<String> words = Stream.of(c.args().split("\\s+")).filter(w -> !w.startsWith("--")).toList();
                for (String src : words.subList(0, words.size() - 1)) {
                    assertThat(src).as(module + " COPY only from the Maven output").startsWith(appDir);
                    sources.add(src.substring(appDir.length()));
                }
            }
            assertThat(sources).containsExactlyInAnyOrder("lib/", "quarkus-run.jar", "app/", "quarkus/");

            List<Instruction> health = df.stream().filter(i -> i.is("HEALTHCHECK")).toList();
            assertThat(health).as(module + " HEALTHCHECK").hasSize(1);
            assertThat(health.get(0).args()).contains("CMD").contains("/dev/tcp/127.0.0.1/" + port).contains("/q/health/ready");
            assertThat(df.stream().filter(i -> i.is("EXPOSE")).map(Instruction::args)).containsExactly(port);
            assertThat(df.stream().filter(i -> i.is("ENTRYPOINT")).map(Instruction::args).findFirst().orElseThrow())
                    .startsWith("[\"java\"").contains("\"-jar\", \"/deployments/quarkus-run.jar\"]");
        }
    }

    @Test
    void theBuildContextHoldsOnlyTheFastJars() throws IOException {
        List<String> lines = Files.readAllLines(root.resolve(".dockerignore")).stream()
                .map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertThat(lines.get(0)).as("everything out first").isEqualTo("*");
        assertThat(lines.subList(1, lines.size())).containsExactlyInAnyOrderElementsOf(
                SERVICES.stream().map(m -> "!" + m + "/target/quarkus-app/").toList());
    }

    // ---- helpers ----------------------------------------------------------------------------------

    /** One ${VAR:default} of an application.properties, nested defaults flattened: the variables in order, then the literal. */
    record Expression(List<String> variables, String fallback) {

        /** Whether the service could run in a deployment on the default alone. */
        boolean usableDefault() {
            if (fallback == null || fallback.isBlank() || fallback.contains("localhost") || fallback.contains("127.0.0.1")) {
                return false;
            }
            // the dev stack's database credentials (postgres/postgres) are not a deployment's
            return variables.stream().noneMatch(v -> v.endsWith("_USER") || v.endsWith("_PASSWORD"));
        }
    }

    static List<Expression> expressions(String module) throws IOException {
        List<Expression> out = new ArrayList<>();
        for (String line : Files.readAllLines(root.resolve(module + "/src/main/resources/application.properties"))) {
            if (line.trim().startsWith("#")) {
                continue;
            }
            int at = line.indexOf("${");
            while (at >= 0) {
                int end = matchingBrace(line, at + 1);
                out.add(parse(line.substring(at + 2, end)));
                at = line.indexOf("${", end);
            }
        }
        return out;
    }

    static Expression parse(String body) {
        int colon = body.indexOf(':');
        if (colon < 0) {
            return new Expression(List.of(body), null);
        }
        String name = body.substring(0, colon);
        String rest = body.substring(colon + 1);
        if (rest.startsWith("${") && matchingBrace(rest, 1) == rest.length() - 1) {
            Expression inner = parse(rest.substring(2, rest.length() - 1));
            List<String> vars = new ArrayList<>(List.of(name));
            vars.addAll(inner.variables());
            return new Expression(vars, inner.fallback());
        }
        return new Expression(List.of(name), rest);
    }

    static int matchingBrace(String s, int open) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            if (s.charAt(i) == '{') {
                depth++;
            } else if (s.charAt(i) == '}' && --depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("unbalanced ${ in " + s);
    }

    static int httpPort(String module) {
        try (Reader r = Files.newBufferedReader(root.resolve(module + "/src/main/resources/application.properties"))) {
            Properties p = new Properties();
            p.load(r);
            return Integer.parseInt(p.getProperty("quarkus.http.port"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    record Instruction(String keyword, String args) {
        boolean is(String k) {
            return keyword.equals(k);
        }
    }

    /** A Dockerfile as instructions: comments dropped, continuation lines joined. */
    static List<Instruction> dockerfile(Path file) throws IOException {
        List<Instruction> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String raw : Files.readAllLines(file)) {
            String line = raw.strip();
            if (line.startsWith("#") || (line.isEmpty() && current.isEmpty())) {
                continue;
            }
            if (line.endsWith("\\")) {
                current.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            current.append(line);
            String text = current.toString().strip();
            current.setLength(0);
            int space = text.indexOf(' ');
            out.add(new Instruction(text.substring(0, space).toUpperCase(), text.substring(space + 1).strip().replaceAll("\\s+", " ")));
        }
        assertThat(current).as(file + " ends mid-instruction").isEmpty();
        return out;
    }

    static JsonSchema composeSpec() throws IOException {
        // Format assertions off: the schema's formats ("duration", "ports", "expose") are Compose's own.
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(false).build();
        try (InputStream in = ComposeFileTests.class.getResourceAsStream("/compose-spec/compose-spec.json")) {
            assertThat(in).as("vendored compose-spec.json").isNotNull();
            // The schema names draft 2019-09 as "...draft/2019-09/schema#" and still carries draft-4 style
            // "id" annotations: a 2019-09 meta-schema under that exact IRI, with "id" a mere annotation.
            JsonMetaSchema meta = JsonMetaSchema.builder("http://json-schema.org/draft/2019-09/schema#", JsonMetaSchema.getV201909())
                    .keyword(new AnnotationKeyword("id")).build();
            return JsonSchemaFactory.builder(JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V201909))
                    .metaSchema(meta).build().getSchema(in, config);
        }
    }

    static Map<String, Object> yaml(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file)) {
            return map(new Yaml(new SafeConstructor(new LoaderOptions())).load(r));
        }
    }

    /** deploy/kafka/cluster.env as compose reads it: NAME=value lines, # comments (Properties reads them alike here). */
    static Map<String, String> clusterEnv() throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(root.resolve("deploy").resolve(CLUSTER_ENV))) {
            p.load(r);
        }
        Map<String, String> env = new LinkedHashMap<>();
        p.stringPropertyNames().forEach(n -> env.put(n, p.getProperty(n)));
        return env;
    }

    static Map<String, Object> yamlText(String text) {
        return map(new Yaml(new SafeConstructor(new LoaderOptions())).load(text));
    }

    static JsonNode json(Object yaml) {
        return new ObjectMapper().valueToTree(yaml);
    }

    /** The services of both files, top-level x- fields excluded (they are only anchors). */
    static Map<String, Map<String, Object>> allServices() {
        Map<String, Map<String, Object>> all = new LinkedHashMap<>(services(compose));
        all.putAll(services(monitoring));
        return all;
    }

    static Map<String, Map<String, Object>> services(Map<String, Object> file) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        map(file.get("services")).forEach((k, v) -> out.put(k, map(v)));
        return out;
    }

    static Map<String, String> dependencies(Map<String, Object> service) {
        Map<String, String> out = new LinkedHashMap<>();
        map(service.get("depends_on")).forEach((k, v) -> out.put(k, String.valueOf(map(v).get("condition"))));
        return out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        assertThat(o).isInstanceOf(Map.class);
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        assertThat(o).isInstanceOf(List.class);
        return (List<Object>) o;
    }
}
