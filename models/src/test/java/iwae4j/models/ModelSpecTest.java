package iwae4j.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The spec's text form with binary columns and the mask input, and what it refuses. */
class ModelSpecTest {
    @Test
    void binaryColumnsAndTheMaskRoundTripAndOldTextReadsAsBefore() {
        ModelSpec s = new ModelSpec(5, new int[] {3}, new int[][] {{8, 8}}, Likelihood.GAUSSIAN, 0.01f,
                new boolean[] {false, true, false, false, true}, true);
        assertEquals("input=5;latent=3;hidden=8,8;likelihood=GAUSSIAN;sigma_min=0.01;binary=1,4;mask=true", s.format());
        ModelSpec back = ModelSpec.parse(s.format());
        assertEquals(s.format(), back.format());
        assertArrayEquals(new boolean[] {false, true, false, false, true}, back.binaryColumns());
        assertTrue(back.maskInput && back.mixed());
        assertEquals(10, back.encoderInput());
        assertEquals(new Model(back, 1).parameters().stream().mapToLong(p -> p.size()).sum(), back.parameterCount());

        ModelSpec old = ModelSpec.parse("input=784;latent=50;hidden=200,200;likelihood=BERNOULLI");
        assertFalse(old.maskInput || old.mixed());
        assertEquals(784, old.encoderInput());
        assertTrue(old.isBinary(0), "every column of a Bernoulli model is binary");
        assertEquals(ModelSpec.mnist1().parameterCount(), old.parameterCount());
        // all-false flags are no binary columns: the text stays the plain one
        assertEquals("input=2;latent=1;hidden=4;likelihood=GAUSSIAN",
                new ModelSpec(2, new int[] {1}, new int[][] {{4}}, Likelihood.GAUSSIAN, 0f, new boolean[2], false).format());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "input=3;latent=1;hidden=4;likelihood=GAUSSIAN;binary=3",
            "input=3;latent=1;hidden=4;likelihood=GAUSSIAN;binary=-1",
            "input=3;latent=1;hidden=4;likelihood=GAUSSIAN;binary=1,1",
            "input=3;latent=1;hidden=4;likelihood=BERNOULLI;binary=0",
            "input=3;latent=1;hidden=4;likelihood=GAUSSIAN;mask=yes",
            "input=2147483647;latent=1;hidden=4;likelihood=GAUSSIAN;binary=2147483647"})
    void aBadSpecIsAOneLineErrorAndAllocatesNothingForALyingSize(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelSpec.parse(text));
        assertTrue(e.getMessage().startsWith("bad model spec '" + text + "': "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }
}
