package iwae4j.models;

/** Training stopped because the bound became NaN or infinite; the message says where and what went non-finite. */
public final class TrainingDivergedException extends RuntimeException {
    public TrainingDivergedException(String message) {
        super(message);
    }
}
