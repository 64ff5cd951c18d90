package nabla.driver;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.DelegateToFileSystem;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * The local file system under the scheme spy://, noting which thread opens which file. In local mode
 * the executors' tasks run on threads named "Executor task launch worker …"; anything else is the driver.
 */
public class SpyFileSystem extends RawLocalFileSystem {
    /** "thread name → path", every open since the last clear. */
    static final List<String> OPENS = new CopyOnWriteArrayList<>();

    /** The number of opens since the last clear. */
    public static int opens() {
        return OPENS.size();
    }

    @Override
    public URI getUri() {
        return URI.create("spy:///");
    }

    @Override
    public String getScheme() {
        return "spy";
    }

    @Override
    public FSDataInputStream open(Path f, int bufferSize) throws IOException {
        OPENS.add(Thread.currentThread().getName() + " → " + f);
        return super.open(f, bufferSize);
    }

    /** The same under Hadoop's FileContext API (which writes through an AbstractFileSystem): fs.AbstractFileSystem.spy.impl. */
    public static class Fs extends DelegateToFileSystem {
        public Fs(URI uri, Configuration conf) throws IOException, URISyntaxException {
            super(uri, new SpyFileSystem(), conf, "spy", false);
        }
    }
}
