/** The application over the library: the paper's experiments, the command line and the PNG figures. */
module iwae4j.experiments {
    requires transitive iwae4j.models;
    requires java.desktop;       // PNG figures (java.awt, javax.imageio)
    requires org.joml;
    requires java.logging;       // the command line prints what the library logs (cli.Logging)
    exports iwae4j.experiments;
    exports iwae4j.plot;
    exports iwae4j.cli;
}
