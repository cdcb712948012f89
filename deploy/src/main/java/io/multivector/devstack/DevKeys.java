package io.multivector.devstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The API keys of a local stack (one per role) and the shared internal credential between gateway
 * and backends. Services only ever see SHA-256 hashes of the API keys ({@link #apiKeysSetting()}).
 */
public record DevKeys(String reader, String writer, String admin, String internalCredential) {

    public static DevKeys random() {
        return new DevKeys(token("mv-reader-"), token("mv-writer-"), token("mv-admin-"), token("mv-internal-"));
    }

    /** Keys kept in {@code file} (made once), so a restarted stack answers to the same keys. */
    public static DevKeys storedIn(Path file) throws IOException {
        Properties p = new Properties();
        if (Files.exists(file)) {
            try (var in = Files.newBufferedReader(file)) {
                p.load(in);
            }
        }
        DevKeys fresh = random();
        DevKeys keys = new DevKeys(p.getProperty("MULTIVECTOR_READER_KEY", fresh.reader()),
                p.getProperty("MULTIVECTOR_WRITER_KEY", fresh.writer()),
                p.getProperty("MULTIVECTOR_ADMIN_KEY", fresh.admin()),
                p.getProperty("MULTIVECTOR_INTERNAL_CREDENTIAL", fresh.internalCredential()));
        if (!keys.asEnv().equals(propertiesAsMap(p))) {
            Files.createDirectories(file.getParent());
            StringBuilder s = new StringBuilder();
            keys.asEnv().forEach((k, v) -> s.append(k).append('=').append(v).append('\n'));
            Files.writeString(file, s);
        }
        return keys;
    }

    /** As {@code keys.env} lines (DESIGN §6 names). */
    public Map<String, String> asEnv() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("MULTIVECTOR_READER_KEY", reader);
        m.put("MULTIVECTOR_WRITER_KEY", writer);
        m.put("MULTIVECTOR_ADMIN_KEY", admin);
        m.put("MULTIVECTOR_INTERNAL_CREDENTIAL", internalCredential);
        return m;
    }

    /** The gateway's {@code multivector.gateway.api-keys}: {@code name:role:sha256} entries, never the keys. */
    public String apiKeysSetting() {
        return "dev-reader:reader:" + sha256(reader) + ",dev-writer:writer:" + sha256(writer) + ",dev-admin:admin:" + sha256(admin);
    }

    public static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String token(String prefix) {
        byte[] b = new byte[16];
        new SecureRandom().nextBytes(b);
        return prefix + HexFormat.of().formatHex(b);
    }

    private static Map<String, String> propertiesAsMap(Properties p) {
        Map<String, String> m = new LinkedHashMap<>();
        p.stringPropertyNames().forEach(n -> m.put(n, p.getProperty(n)));
        return m;
    }
}
