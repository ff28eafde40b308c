package lazyartist.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import lazyartist.TestData;
import lazyartist.data.ColoredDataset;
import lazyartist.data.Mode;
import lazyartist.io.ResidentMemory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training with double backprop, run again and again in one JVM, must not keep taking native
 * memory: every array of a step belongs to the step, and no gradient keeps a graph alive.
 */
class NativeMemoryTest {

    @TempDir
    Path tmp;

    @Test
    void repeatedPenalisedTrainingDoesNotGrowResidentMemory() {
        ColoredDataset data = TestData.dataset(Mode.BACKGROUND);
        Recolouring recolouring = new Recolouring(data.train(), Mode.BACKGROUND);
        List<Double> resident = new ArrayList<>();
        for (int run = 0; run < 6; run++) {
            Objective objective = run % 2 == 0 ? new ChannelGradientLoss(15, recolouring)
                    : new ColourGradientPenalty(0.3, recolouring);
            new Training(TestData.adam("robust", 1), objective, true).run(data.train(), data.val(),
                    new Training.DataSource("subset", "test"), tmp.resolve("m" + run), "m", false, "test");
            System.gc();
            resident.add(ResidentMemory.currentMb());
        }
        // The first runs warm up the engine's caches; after them, six more epochs of double backprop on
        // 1,800 digits would add hundreds of megabytes if each step left its graph behind.
        assertThat(resident.get(5) - resident.get(1)).as("resident MB after each run: %s", resident)
                .isLessThan(150);
    }
}
