package io.moonlight.agent.x11;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

/**
 * System V shared memory for MIT-SHM, setenv for the libraries that read the C environment, and poll
 * with a pipe to wait for an X connection's events or another thread's wake-up ({@link EventWait}).
 */
public interface LibC extends Library {
    int IPC_PRIVATE = 0;
    int IPC_CREAT = 01000;
    int IPC_RMID = 0;
    /** struct pollfd: int fd, short events, short revents. */
    int POLLFD_SIZE = 8;
    short POLLIN = 1;
    /** In revents: the descriptor failed or its peer hung up. */
    short POLLERR = 8;
    short POLLHUP = 16;
    int O_NONBLOCK = 04000;
    int O_CLOEXEC = 02000000;
    int EINTR = 4;

    int shmget(int key, NativeLong size, int flags) throws LastErrorException;

    Pointer shmat(int id, Pointer address, int flags) throws LastErrorException;

    int shmdt(Pointer address) throws LastErrorException;

    int shmctl(int id, int command, Pointer buffer) throws LastErrorException;

    /** Returns the number of ready descriptors, 0 on timeout; -1 (EINTR) is thrown. */
    int poll(Pointer fds, NativeLong count, int timeoutMillis) throws LastErrorException;

    int setenv(String name, String value, int overwrite) throws LastErrorException;

    int pipe2(int[] fds, int flags) throws LastErrorException;

    /** Returns the bytes written, or -1 (e.g. EAGAIN on a full non-blocking pipe). */
    NativeLong write(int fd, byte[] buffer, NativeLong count);

    /** Returns the bytes read, 0 at the end, or -1 (e.g. EAGAIN when a non-blocking pipe is empty). */
    NativeLong read(int fd, byte[] buffer, NativeLong count);

    int close(int fd);
}
