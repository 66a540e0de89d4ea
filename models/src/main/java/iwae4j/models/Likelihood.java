package iwae4j.models;

/** The observation model p(x|h1). */
public enum Likelihood {
    /** Bernoulli with logits from the decoder: log p = x·l − softplus(l). For binary data (MNIST). */
    BERNOULLI,
    /** Diagonal Gaussian with mean and log σ from the decoder. For real-valued data (camel). */
    GAUSSIAN
}
