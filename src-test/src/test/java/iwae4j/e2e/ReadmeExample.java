package iwae4j.e2e;

// README:begin
import iwae4j.models.*;
import iwae4j.models.data.Camel;

public class ReadmeExample {
    public static double run() {
        Dataset train = Camel.sample(2_000, new Rng(1));          // 1-D two-humped data
        Model model = new Model(ModelSpec.camel(), 42);           // or ModelSpec.mnist1(), mnist2()
        TrainingConfig config = TrainingConfig.paper()              // the paper's settings, then changes
                .withObjective(Objective.IWAE)
                .withK(20)
                .withSchedule(Schedule.paper(3));                  // stages 0..2: 1 + 3 + 9 passes
        new Trainer(model, train, config).threads(2).train(null);  // progress: System.Logger "iwae4j.train"

        Dataset test = Camel.sample(500, new Rng(2));
        Evaluator.Result nll = new Evaluator(100_000).logLikelihood(model, test, 5000, 7);   // chunked L_k
        System.out.println("test L_5000 = " + nll);              // mean ± standard error, in nats
        return nll.mean;
    }
}
// README:end
