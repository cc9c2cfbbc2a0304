/**
 * The agent: a session's WebRTC peer on its node. It captures the session's X display, streams it to
 * the session's owner and injects the owner's keyboard and mouse through XTest. It lives in a module
 * of its own so that the core and the CLI's start never load webrtc-java's native library.
 */
package io.moonlight.agent;
