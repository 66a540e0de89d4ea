package iwae4j.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;

/**
 * Files under a Hadoop FileSystem URI ({@code file:///…}, {@code hdfs://…}, {@code s3a://…}) for the grid's cell
 * folders and model files. Carries the driver's Hadoop configuration to the executors (credentials and endpoints
 * set as {@code spark.hadoop.*} live only there). A file is replaced by writing {@code name.tmp} in full and
 * renaming it; a reader takes {@code name} when it exists, else a {@code name.tmp} that a crash left between the
 * delete and the rename (always complete: the old file is deleted only after the new one is written).
 */
public final class HadoopFiles implements Serializable {
    private static final long serialVersionUID = 1L;
    private final Map<String, String> conf;

    public HadoopFiles(Configuration conf) {
        this.conf = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : conf) this.conf.put(e.getKey(), e.getValue());
    }

    private Configuration configuration() {
        Configuration c = new Configuration(false);
        for (Map.Entry<String, String> e : conf.entrySet()) c.set(e.getKey(), e.getValue());
        return c;
    }

    private FileSystem fs(org.apache.hadoop.fs.Path p) throws IOException {
        return p.getFileSystem(configuration());
    }

    /** {@code dir} + "/" + {@code name}. */
    public static String child(String dir, String name) {
        return dir.endsWith("/") ? dir + name : dir + "/" + name;
    }

    /** The whole file at {@code uri}. */
    public byte[] read(String uri) throws IOException {
        org.apache.hadoop.fs.Path p = resolveForRead(uri);
        if (p == null) throw new java.io.FileNotFoundException(uri + " does not exist");
        try (InputStream in = fs(p).open(p)) {
            return in.readAllBytes();
        }
    }

    private org.apache.hadoop.fs.Path resolveForRead(String uri) throws IOException {
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(URI.create(uri)), tmp = new org.apache.hadoop.fs.Path(URI.create(uri + ".tmp"));
        FileSystem fs = fs(p);
        if (fs.exists(p)) return p;
        if (fs.exists(tmp)) return tmp;
        return null;
    }

    /** Replaces {@code uri} with {@code bytes}: written to {@code uri.tmp}, then renamed. */
    public void write(String uri, byte[] bytes) throws IOException {
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(URI.create(uri)), tmp = new org.apache.hadoop.fs.Path(URI.create(uri + ".tmp"));
        FileSystem fs = fs(p);
        fs.mkdirs(p.getParent());
        try (OutputStream out = fs.create(tmp, true)) {
            out.write(bytes);
        }
        if (fs.exists(p) && !fs.delete(p, false)) throw new IOException("could not replace " + uri);
        if (!fs.rename(tmp, p)) throw new IOException("could not rename " + tmp + " to " + uri);
    }

    /** Copies every file directly under {@code dirUri} into {@code local} (created); returns how many. */
    public int download(String dirUri, Path local) throws IOException {
        Files.createDirectories(local);
        org.apache.hadoop.fs.Path d = new org.apache.hadoop.fs.Path(URI.create(dirUri));
        FileSystem fs = fs(d);
        if (!fs.exists(d)) return 0;
        int n = 0;
        for (FileStatus s : fs.listStatus(d)) {
            if (!s.isFile()) continue;
            String name = s.getPath().getName();
            boolean tmp = name.endsWith(".tmp");
            String target = tmp ? name.substring(0, name.length() - 4) : name;
            if (tmp && fs.exists(new org.apache.hadoop.fs.Path(d, target))) continue; // a torn write: the old file stands
            try (InputStream in = fs.open(s.getPath())) {
                Files.write(local.resolve(target), in.readAllBytes());
            }
            n++;
        }
        return n;
    }

    /** Copies the local file to {@code dirUri}/its name, replacing it atomically. */
    public void upload(Path localFile, String dirUri) throws IOException {
        write(child(dirUri, localFile.getFileName().toString()), Files.readAllBytes(localFile));
    }
}
