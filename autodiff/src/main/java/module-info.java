/** The reverse-mode tape, its differentiable ops, parameters and Adam. */
module iwae4j.autodiff {
    requires transitive iwae4j.tensor;
    exports iwae4j.autodiff;
}
