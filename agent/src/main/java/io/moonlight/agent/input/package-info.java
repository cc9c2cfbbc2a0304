/**
 * The viewers' keyboard and mouse: data-channel messages of the input protocol (docs/streaming.md,
 * "Input protocol, version 1") validated, counted when dropped, and injected into the session's X
 * display through XTest by {@link io.moonlight.agent.input.InputInjector}.
 */
package io.moonlight.agent.input;
