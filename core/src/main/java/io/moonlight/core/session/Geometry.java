package io.moonlight.core.session;

import io.moonlight.core.MoonlightException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A desktop size, from 640x480 up to 7680x4320 (8K). */
public record Geometry(int width, int height) {
    private static final Pattern TEXT = Pattern.compile("(\\d{3,4})x(\\d{3,4})");

    public Geometry {
        if (width < 640 || height < 480 || width > 7680 || height > 4320) {
            throw MoonlightException.badInput("geometry " + width + "x" + height + " is out of range",
                    "use WIDTHxHEIGHT from 640x480 to 7680x4320, e.g. 1920x1080");
        }
    }

    public static Geometry parse(String text) {
        Matcher m = TEXT.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw MoonlightException.badInput("'" + text + "' is not a geometry",
                    "use WIDTHxHEIGHT from 640x480 to 7680x4320, e.g. 1920x1080");
        }
        return new Geometry(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    @Override
    public String toString() {
        return width + "x" + height;
    }
}
