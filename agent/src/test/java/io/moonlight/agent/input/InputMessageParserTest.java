package io.moonlight.agent.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class InputMessageParserTest {
    @Test
    void everyTypeOfTheProtocolParses() throws Exception {
        assertEquals(new InputMessage.Move(0, 1), InputMessageParser.parse("{\"t\":\"move\",\"x\":0,\"y\":1.0}"));
        assertEquals(new InputMessage.Rel(-4096, 4096), InputMessageParser.parse("{\"t\":\"rel\",\"dx\":-4096,\"dy\":4096}"));
        assertEquals(new InputMessage.Button(4, true), InputMessageParser.parse("{\"t\":\"button\",\"button\":4,\"down\":true}"));
        assertEquals(new InputMessage.Wheel(-1.5, 10000, InputMessage.WheelMode.PAGES),
                InputMessageParser.parse("{\"t\":\"wheel\",\"dx\":-1.5,\"dy\":10000,\"mode\":2}"));
        assertEquals(new InputMessage.Key("AltRight", false),
                InputMessageParser.parse("{\"t\":\"key\",\"code\":\"AltRight\",\"down\":false}"));
        assertEquals(new InputMessage.Text("é€✓\n"), InputMessageParser.parse("{\"t\":\"text\",\"text\":\"é€✓\\n\"}"));
        assertEquals(new InputMessage.Release(), InputMessageParser.parse("{\"t\":\"release\"}"));
        assertEquals(new InputMessage.Clipboard("a\u0000\tb\r\n"),
                InputMessageParser.parse("{\"t\":\"clipboard\",\"text\":\"a\\u0000\\tb\\r\\n\"}"));
        assertEquals(new InputMessage.Clipboard(""), InputMessageParser.parse("{\"t\":\"clipboard\",\"text\":\"\"}"));
        assertEquals(new InputMessage.Resize(2560, 1), InputMessageParser.parse("{\"t\":\"resize\",\"width\":2560,\"height\":1}"));
    }

    @Test
    void textCountsCharactersNotUtf16Units() throws Exception {
        String emoji = "😀".repeat(InputMessageParser.MAX_TEXT_CHARACTERS);
        assertEquals(new InputMessage.Text(emoji), InputMessageParser.parse("{\"t\":\"text\",\"text\":\"" + emoji + "\"}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "not json", "[]", "42", "null", "{}", "{\"t\":1}", "{\"t\":\"jump\"}",
        "{\"t\":\"move\",\"x\":0.5}",
        "{\"t\":\"move\",\"x\":1.01,\"y\":0}",
        "{\"t\":\"move\",\"x\":-0.1,\"y\":0}",
        "{\"t\":\"move\",\"x\":\"0.5\",\"y\":0}",
        "{\"t\":\"move\",\"x\":0.5,\"y\":0.5,\"z\":0}",
        "{\"t\":\"rel\",\"dx\":4097,\"dy\":0}",
        "{\"t\":\"rel\",\"dx\":1.5,\"dy\":0}",
        "{\"t\":\"rel\",\"dx\":99999999999,\"dy\":0}",
        "{\"t\":\"button\",\"button\":5,\"down\":true}",
        "{\"t\":\"button\",\"button\":-1,\"down\":true}",
        "{\"t\":\"button\",\"button\":0,\"down\":1}",
        "{\"t\":\"wheel\",\"dx\":0,\"dy\":10001,\"mode\":0}",
        "{\"t\":\"wheel\",\"dx\":0,\"dy\":1,\"mode\":3}",
        "{\"t\":\"wheel\",\"dx\":0,\"dy\":1}",
        "{\"t\":\"key\",\"code\":\"KeyÄ\",\"down\":true}",
        "{\"t\":\"key\",\"code\":\"a\",\"down\":true}",
        "{\"t\":\"key\",\"code\":null,\"down\":true}",
        "{\"t\":\"key\",\"code\":\"KeyA\"}",
        "{\"t\":\"text\",\"text\":\"\"}",
        "{\"t\":\"text\",\"text\":5}",
        "{\"t\":\"text\",\"text\":\"a\\u0000b\"}",
        "{\"t\":\"text\",\"text\":\"\\ud800\"}",
        "{\"t\":\"release\",\"all\":true}",
        "{\"t\":\"clipboard\"}",
        "{\"t\":\"clipboard\",\"text\":null}",
        "{\"t\":\"clipboard\",\"text\":\"a\",\"type\":\"text/html\"}",
        "{\"t\":\"resize\",\"width\":0,\"height\":720}",
        "{\"t\":\"resize\",\"width\":1280,\"height\":16385}",
        "{\"t\":\"resize\",\"width\":1280.5,\"height\":720}",
        "{\"t\":\"resize\",\"width\":1280}",
    })
    void malformedMessagesAreRefused(String text) {
        assertThrows(MalformedInputException.class, () -> InputMessageParser.parse(text));
    }

    @Test
    void textOverTheCharacterLimitIsRefused() {
        String text = "a".repeat(InputMessageParser.MAX_TEXT_CHARACTERS + 1);
        assertThrows(MalformedInputException.class, () -> InputMessageParser.parse("{\"t\":\"text\",\"text\":\"" + text + "\"}"));
    }
}
