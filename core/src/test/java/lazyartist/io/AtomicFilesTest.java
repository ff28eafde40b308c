package lazyartist.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path tmp;

    @Test
    void failedFolderWriteKeepsThePreviousFolderAndLeavesNoTempBehind() throws IOException {
        Path target = tmp.resolve("split");
        AtomicFiles.writeFolder(target, dir -> Files.writeString(dir.resolve("a.txt"), "old"));
        assertThatThrownBy(() -> AtomicFiles.writeFolder(target, dir -> {
            Files.writeString(dir.resolve("a.txt"), "new");
            throw new IOException("disk full");
        })).hasMessageContaining("disk full");
        assertThat(Files.readString(target.resolve("a.txt"))).isEqualTo("old");
        try (var entries = Files.list(tmp)) {
            assertThat(entries.map(p -> p.getFileName().toString())).containsExactly("split");
        }
    }

    @Test
    void folderWriteReplacesWhole() throws IOException {
        Path target = tmp.resolve("split");
        AtomicFiles.writeFolder(target, dir -> Files.writeString(dir.resolve("a.txt"), "old"));
        AtomicFiles.writeFolder(target, dir -> Files.writeString(dir.resolve("b.txt"), "new"));
        assertThat(target.resolve("a.txt")).doesNotExist();
        assertThat(Files.readString(target.resolve("b.txt"))).isEqualTo("new");
    }

    @Test
    void failedFileWriteKeepsTheOldFile() throws IOException {
        Path file = tmp.resolve("f.json");
        AtomicFiles.write(file, "old".getBytes());
        assertThatThrownBy(() -> AtomicFiles.write(file, out -> {
            out.write("half".getBytes());
            throw new IOException("killed");
        })).hasMessageContaining("killed");
        assertThat(Files.readString(file)).isEqualTo("old");
        try (var entries = Files.list(tmp)) {
            assertThat(entries.count()).isEqualTo(1);
        }
    }
}
