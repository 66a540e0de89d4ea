/**
 * The library a service embeds: models, training, evaluation and scoring (iwae4j.models), the data loaders and
 * the file formats. No java.desktop, no plotting: the experiments, figures and command line are the
 * iwae4j.experiments module.
 */
module iwae4j.models {
    requires transitive iwae4j.autodiff;
    requires java.logging;       // the default System.Logger backend
    requires de.siegmar.fastcsv;
    exports iwae4j.models;
    exports iwae4j.models.data;
    exports iwae4j.models.io;
}
