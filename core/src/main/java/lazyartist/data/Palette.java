package lazyartist.data;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.util.List;
import lazyartist.LabException;
import lazyartist.io.Json;

/** Ten named colours, one per digit: digit d "carries" colour d in the easy split. */
public record Palette(List<Colour> colours) {

    /** A named sRGB colour. */
    public record Colour(@JsonProperty("name") String name, @JsonProperty("rgb") int[] rgb) {}

    public static final int SIZE = 10;

    public Palette {
        if (colours == null || colours.size() != SIZE) {
            throw new LabException("a palette needs exactly 10 colours, one per digit; found "
                    + (colours == null ? 0 : colours.size()));
        }
        for (Colour c : colours) {
            if (c.name() == null || c.rgb() == null || c.rgb().length != 3) {
                throw new LabException("each palette colour needs a name and rgb [r, g, b]");
            }
            for (int v : c.rgb()) {
                if (v < 0 || v > 255) {
                    throw new LabException("palette colour " + c.name() + " has a channel outside 0..255: " + v);
                }
            }
        }
    }

    /** The default palette: ten colours far apart in hue or brightness. */
    public static Palette defaults() {
        return new Palette(List.of(
                new Colour("red", new int[] {230, 25, 35}),
                new Colour("green", new int[] {30, 190, 50}),
                new Colour("blue", new int[] {35, 70, 235}),
                new Colour("yellow", new int[] {245, 225, 30}),
                new Colour("purple", new int[] {130, 40, 190}),
                new Colour("orange", new int[] {250, 135, 15}),
                new Colour("cyan", new int[] {30, 215, 230}),
                new Colour("magenta", new int[] {235, 30, 215}),
                new Colour("brown", new int[] {135, 80, 30}),
                new Colour("pink", new int[] {250, 165, 195})));
    }

    /** Reads a palette from a JSON file: {@code {"colours": [{"name": "red", "rgb": [r, g, b]}, …]}}. */
    public static Palette load(Path file) {
        return Json.read(file, Palette.class);
    }

    public Colour get(int index) {
        return colours.get(index);
    }

    public List<String> names() {
        return colours.stream().map(Colour::name).toList();
    }
}
