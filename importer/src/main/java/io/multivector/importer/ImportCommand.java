package io.multivector.importer;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * {@code ./multivector import gdelt FILE... [--url URL] [--key KEY] [--batch N]}: imports GDELT 2.0
 * event exports through the gateway and prints what it did.
 */
public final class ImportCommand {

    static final String USAGE = """
            usage: ./multivector import gdelt FILE... [--url URL] [--key KEY] [--batch N]
              FILE     a GDELT 2.0 event export: YYYYMMDDHHMMSS.export.CSV, or .export.CSV.zip as published
              --url    the gateway (default http://localhost:8080)
              --key    an API key with the writer role (default MULTIVECTOR_WRITER_KEY of .multivector/keys.env)
              --batch  events per NDJSON batch, 1-10000 (default %d)
            """.formatted(GdeltImport.DEFAULT_BATCH);
    static final Path KEYS = Path.of(".multivector", "keys.env");

    private ImportCommand() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.exit(run(args));
    }

    static int run(String[] args) throws InterruptedException {
        if (args.length == 0 || !args[0].equals("gdelt")) {
            System.err.print((args.length == 0 ? "" : "unknown dataset '" + args[0] + "' (this version imports gdelt)\n") + USAGE);
            return 2;
        }
        String url = "http://localhost:8080";
        String key = null;
        int batch = GdeltImport.DEFAULT_BATCH;
        List<Path> files = new ArrayList<>();
        // The script runs from the project; files are named from where the user stood.
        Path base = Path.of(System.getenv().getOrDefault("MULTIVECTOR_CALLER_DIR", "."));
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--url", "--key", "--batch" -> {
                    if (i + 1 == args.length) {
                        System.err.print(a + " needs a value\n" + USAGE);
                        return 2;
                    }
                    String v = args[++i];
                    if (a.equals("--url")) {
                        url = v;
                    } else if (a.equals("--key")) {
                        key = v;
                    } else {
                        try {
                            batch = Integer.parseInt(v);
                        } catch (NumberFormatException e) {
                            batch = -1;
                        }
                        if (batch < 1 || batch > 10_000) {
                            System.err.print("--batch must be a whole number from 1 to 10000, not '" + v + "'\n" + USAGE);
                            return 2;
                        }
                    }
                }
                default -> {
                    if (a.startsWith("--")) {
                        System.err.print("unknown option " + a + "\n" + USAGE);
                        return 2;
                    }
                    files.add(base.resolve(a).normalize());
                }
            }
        }
        if (files.isEmpty()) {
            System.err.print("name at least one export file\n" + USAGE);
            return 2;
        }
        try {
            if (key == null) {
                key = writerKey();
            }
            long t0 = System.nanoTime();
            boolean terminal = "1".equals(System.getenv("MULTIVECTOR_TERMINAL")); // set by the script when stderr is a terminal
            ImportReport report = new GdeltImport(url, key, batch).run(files, System.err, terminal);
            System.out.print(report.text((System.nanoTime() - t0) / 1e9));
            return 0;
        } catch (ImportFailedException e) {
            System.err.println("import stopped: " + e.getMessage());
            return 1;
        }
    }

    private static String writerKey() throws ImportFailedException {
        if (!Files.exists(KEYS)) {
            throw new ImportFailedException("no --key and no " + KEYS + " (./multivector up writes it)");
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(KEYS)) {
            p.load(r);
        } catch (IOException e) {
            throw new ImportFailedException("cannot read " + KEYS + ": " + e.getMessage(), e);
        }
        String key = p.getProperty("MULTIVECTOR_WRITER_KEY");
        if (key == null || key.isBlank()) {
            throw new ImportFailedException(KEYS + " holds no MULTIVECTOR_WRITER_KEY");
        }
        return key;
    }
}
