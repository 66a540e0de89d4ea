/**
 * Tensors and kernels: GEMM, elementwise functions, reductions, normal draws, the thread pool. The Vector API
 * module is required here so that module-path users need no flag; on a plain classpath this file is ignored and
 * the plain-Java kernels run when the module is missing.
 */
module iwae4j.tensor {
    requires jdk.incubator.vector;
    exports iwae4j.tensor;
}
