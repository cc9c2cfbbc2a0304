package io.moonlight.cli;

/** Prints whether command output would be coloured here; run by {@link ColourConventionTest}. */
public final class ColourProbe {
    private ColourProbe() {
    }

    public static void main(String[] args) {
        System.out.println("colour=" + Output.colourWanted());
    }
}
