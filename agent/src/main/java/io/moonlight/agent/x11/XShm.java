package io.moonlight.agent.x11;

import com.sun.jna.Library;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

/** The MIT-SHM calls of libXext: the X server writes an image straight into a shared segment. */
public interface XShm extends Library {
    /** sizeof(XShmSegmentInfo) on LP64: shmseg (unsigned long), shmid (int), shmaddr, readOnly. */
    int SEGMENT_INFO_SIZE = 32;
    int SEGMENT_INFO_SHMID = 8;
    int SEGMENT_INFO_SHMADDR = 16;

    boolean XShmQueryExtension(Pointer display);

    Pointer XShmCreateImage(Pointer display, Pointer visual, int depth, int format, Pointer data,
            Pointer segmentInfo, int width, int height);

    boolean XShmAttach(Pointer display, Pointer segmentInfo);

    boolean XShmDetach(Pointer display, Pointer segmentInfo);

    boolean XShmGetImage(Pointer display, NativeLong drawable, Pointer image, int x, int y, NativeLong planeMask);
}
