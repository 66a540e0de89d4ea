/**
 * Models, training, evaluation and scoring (iwae4j.models), data loaders, file formats, and the experiments and
 * command line in their own packages.
 */
module iwae4j.models {
    requires transitive iwae4j.autodiff;
    requires java.desktop;       // PNG figures (java.awt, javax.imageio)
    requires java.logging;       // the default System.Logger backend
    requires org.joml;
    requires de.siegmar.fastcsv;
    exports iwae4j.models;
    exports iwae4j.models.data;
    exports iwae4j.models.io;
    exports iwae4j.models.experiments;
    exports iwae4j.models.plot;
    exports iwae4j.models.cli;
}
