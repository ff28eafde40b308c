package lazyartist.sweep;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import lazyartist.LabException;
import lazyartist.io.AtomicFiles;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * Where a sweep keeps its data sets and results: a local folder, or any Hadoop file system path
 * ({@code hdfs://…}, {@code s3a://…}, {@code file:///…}). A folder appears only once complete: it is
 * filled elsewhere and renamed into place, so a killed or failed task never leaves half a result.
 */
final class Store implements Serializable {

    private final String root;
    /** Null for a plain local path; else the Hadoop URI of the root. */
    private final URI uri;

    private Store(String root, URI uri) {
        this.root = root;
        this.uri = uri;
    }

    /** A store at {@code out}: a path with a scheme goes through Hadoop's file systems, a plain one through java.nio. */
    static Store at(String out) {
        if (out.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
            URI uri = URI.create(out.endsWith("/") ? out.substring(0, out.length() - 1) : out);
            try {
                FileSystem.get(uri, new Configuration());
            } catch (IOException e) {
                throw new LabException("cannot open --out " + out + ": " + e.getMessage());
            }
            return new Store(uri.toString(), uri);
        }
        return new Store(Path.of(out).toAbsolutePath().normalize().toString(), null);
    }

    @Override
    public String toString() {
        return root;
    }

    /** Whether {@code rel} (a file or folder below the root) exists. */
    boolean exists(String rel) {
        try {
            return uri == null ? Files.exists(local(rel)) : fs().exists(hadoop(rel));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A file's text. */
    String read(String rel) {
        try {
            if (uri == null) {
                return Files.readString(local(rel));
            }
            try (var in = fs().open(hadoop(rel))) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + root + "/" + rel + ": " + e.getMessage(), e);
        }
    }

    /**
     * A fresh local folder to fill before {@link #publish}: below the root's {@code .tmp} when the
     * root is local (so that publishing is one rename), else in the machine's temp folder.
     */
    Path scratch(String name) {
        try {
            Path parent = uri == null ? local(".tmp") : Path.of(System.getProperty("java.io.tmpdir"), "lazy-artist-sweep");
            Files.createDirectories(parent);
            return Files.createTempDirectory(parent, name.replace('/', '+') + ".");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Moves a complete local folder to {@code rel}. If another attempt published it first, that one
     * stays and this one is dropped; {@code replace} swaps an existing folder for the new one instead.
     */
    void publish(Path folder, String rel, boolean replace) {
        try {
            if (uri == null) {
                Path target = local(rel);
                Files.createDirectories(target.getParent());
                if (replace && Files.exists(target)) {
                    Path old = scratch("old");
                    Files.move(target, old.resolve("x"), StandardCopyOption.ATOMIC_MOVE);
                    AtomicFiles.deleteTree(old);
                }
                try {
                    Files.move(folder, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
                    AtomicFiles.deleteTree(folder);
                }
                return;
            }
            FileSystem fs = fs();
            org.apache.hadoop.fs.Path target = hadoop(rel);
            org.apache.hadoop.fs.Path tmp = hadoop(".tmp/" + rel.replace('/', '+') + "." + UUID.randomUUID());
            fs.copyFromLocalFile(true, true, new org.apache.hadoop.fs.Path(folder.toUri()), tmp);
            if (replace) {
                fs.delete(target, true);
            }
            fs.mkdirs(target.getParent());
            if (!fs.rename(tmp, target)) {
                fs.delete(tmp, true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot publish " + root + "/" + rel + ": " + e.getMessage(), e);
        }
    }

    /**
     * A local folder holding {@code rel}: the folder itself when the root is local, else a copy in
     * this machine's temp folder, fetched once and reused by later tasks.
     */
    Path localCopy(String rel) {
        if (uri == null) {
            return local(rel);
        }
        Path cache = Path.of(System.getProperty("java.io.tmpdir"), "lazy-artist-sweep", "cache",
                Integer.toHexString(root.hashCode()), rel);
        if (Files.exists(cache)) {
            return cache;
        }
        try {
            Path tmp = scratch("fetch");
            fs().copyToLocalFile(false, hadoop(rel), new org.apache.hadoop.fs.Path(tmp.resolve("x").toUri()), true);
            Files.createDirectories(cache.getParent());
            try {
                Files.move(tmp.resolve("x"), cache, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
                // Another task on this machine fetched it first.
            }
            AtomicFiles.deleteTree(tmp);
            return cache;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot fetch " + root + "/" + rel + ": " + e.getMessage(), e);
        }
    }

    /** Deletes what killed tasks left in the scratch folder. */
    void clearScratch() {
        try {
            if (uri == null) {
                AtomicFiles.deleteTree(local(".tmp"));
            } else {
                fs().delete(hadoop(".tmp"), true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path local(String rel) {
        return Path.of(root).resolve(rel);
    }

    private org.apache.hadoop.fs.Path hadoop(String rel) {
        return new org.apache.hadoop.fs.Path(root + "/" + rel);
    }

    private FileSystem fs() throws IOException {
        return FileSystem.get(uri, new Configuration());
    }
}
