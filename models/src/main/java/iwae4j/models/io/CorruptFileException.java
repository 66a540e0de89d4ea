package iwae4j.models.io;

import java.io.IOException;

/**
 * A file that was read but is not what it should be: not a safetensors file, a header that lies, a missing tensor,
 * a checksum that does not match, a non-finite parameter. The message starts with the file's name; the cause, when
 * there is one, is the parser's own error.
 */
public class CorruptFileException extends IOException {
    private static final long serialVersionUID = 1L;

    public CorruptFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
