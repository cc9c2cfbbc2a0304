package io.moonlight.agent.x11;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

/** System V shared memory for MIT-SHM, and setenv for the libraries that read the C environment. */
public interface LibC extends Library {
    int IPC_PRIVATE = 0;
    int IPC_CREAT = 01000;
    int IPC_RMID = 0;

    int shmget(int key, NativeLong size, int flags) throws LastErrorException;

    Pointer shmat(int id, Pointer address, int flags) throws LastErrorException;

    int shmdt(Pointer address) throws LastErrorException;

    int shmctl(int id, int command, Pointer buffer) throws LastErrorException;

    int setenv(String name, String value, int overwrite) throws LastErrorException;
}
