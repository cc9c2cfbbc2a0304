/** The session's sound, recorded from its own PulseAudio server through libpulse-simple (JNA). */
package io.moonlight.agent.audio;
