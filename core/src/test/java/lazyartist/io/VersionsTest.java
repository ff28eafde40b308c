package lazyartist.io;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VersionsTest {

    @Test
    void recordsTheJavaAndDjlVersionsThatMadeAnArtifact() {
        var versions = Versions.all();
        assertThat(versions.get("djl")).matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(versions.get("java")).isEqualTo(System.getProperty("java.version"));
        assertThat(versions).containsKey("lazy-artist");
    }
}
