package io.moonlight.agent.input;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The physical keys the agent knows by {@code KeyboardEvent.code}, each with its XKB key name (the
 * UI Events code values name keys by position as XKB names do: KeyA is AC01, AltRight is RALT) and
 * its Linux evdev code, the fallback (keycode = evdev + 8) for a server without XKB names.
 * The table is the resource physical-keys.txt.
 */
final class PhysicalKeys {
    record PhysicalKey(String code, String xkbName, int evdevCode) {
        int evdevKeycode() {
            return evdevCode + 8;
        }
    }

    private static final Map<String, PhysicalKey> BY_CODE = load();

    private PhysicalKeys() {
    }

    static boolean isKnown(String code) {
        return BY_CODE.containsKey(code);
    }

    static Iterable<PhysicalKey> all() {
        return BY_CODE.values();
    }

    private static Map<String, PhysicalKey> load() {
        Map<String, PhysicalKey> keys = new HashMap<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                PhysicalKeys.class.getResourceAsStream("physical-keys.txt"), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    String[] fields = line.trim().split("\\s+");
                    keys.put(fields[0], new PhysicalKey(fields[0], fields[1], Integer.parseInt(fields[2])));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.copyOf(keys);
    }
}
