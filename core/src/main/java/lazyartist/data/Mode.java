package lazyartist.data;

/** Where the shortcut colour goes. */
public enum Mode {
    /** The strokes wear the colour, over a dark noisy background. */
    FOREGROUND,
    /** A textured background wears the colour; strokes are light grey. */
    BACKGROUND;

    /** The name used on the command line and in folder names. */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
