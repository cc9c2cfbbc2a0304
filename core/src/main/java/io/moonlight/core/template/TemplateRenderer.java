package io.moonlight.core.template;

import freemarker.cache.ClassTemplateLoader;
import freemarker.cache.FileTemplateLoader;
import freemarker.cache.MultiTemplateLoader;
import freemarker.cache.TemplateLoader;
import freemarker.core.PlainTextOutputFormat;
import freemarker.core.StopException;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import freemarker.template.TemplateNotFoundException;
import io.moonlight.core.MoonlightException;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders every file moonlight writes from a FreeMarker template and a typed model. Names are
 * relative to the data folders ({@code templates/nginx/locations.conf.ftl},
 * {@code apptainer-defs/sunshine_xfce4.def.ftl}); a file of the same name under the site directory
 * overrides the shipped one.
 */
public final class TemplateRenderer {
    private final Path siteDir;
    private Configuration freemarker;

    /**
     * FreeMarker is set up on the first render: the session commands hold a renderer but most of
     * them (list, show, stop) render nothing, and the set-up is a large part of their start.
     *
     * @param siteDir the site's override directory; it may not exist
     */
    public TemplateRenderer(Path siteDir) {
        this.siteDir = siteDir;
    }

    // Synchronized: the gateway renders job scripts from several request threads.
    private synchronized Configuration freemarker() {
        if (freemarker == null) {
            freemarker = configuration(siteDir);
        }
        return freemarker;
    }

    private static Configuration configuration(Path siteDir) {
        Configuration freemarker = new Configuration(Configuration.VERSION_2_3_33);
        List<TemplateLoader> loaders = new ArrayList<>();
        if (siteDir != null && Files.isDirectory(siteDir)) {
            try {
                loaders.add(new FileTemplateLoader(siteDir.toFile()));
            } catch (IOException e) {
                throw MoonlightException.badInput("cannot read the site template directory " + siteDir,
                        "fix paths.site_dir in the configuration");
            }
        }
        loaders.add(new ClassTemplateLoader(TemplateRenderer.class, "/"));
        freemarker.setTemplateLoader(new MultiTemplateLoader(loaders.toArray(TemplateLoader[]::new)));
        freemarker.setDefaultEncoding("UTF-8");
        freemarker.setOutputFormat(PlainTextOutputFormat.INSTANCE);
        freemarker.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        freemarker.setLogTemplateExceptions(false);
        freemarker.setWrapUncheckedExceptions(true);
        freemarker.setAPIBuiltinEnabled(false);
        // Ports and sizes must never come out as "47,989".
        freemarker.setNumberFormat("computer");
        freemarker.setBooleanFormat("c");
        return freemarker;
    }

    /** Renders the shipped templates only; for tests and for sites without overrides. */
    public static TemplateRenderer shipped() {
        return new TemplateRenderer(null);
    }

    public String render(String name, Object model) {
        try {
            Template template = freemarker().getTemplate(name);
            StringWriter out = new StringWriter();
            template.process(model, out);
            return out.toString();
        } catch (TemplateNotFoundException e) {
            throw MoonlightException.failed("template not found: " + name,
                    "reinstall moonlight or add the file under the site directory");
        } catch (StopException e) {
            // A template stops when the configuration lacks something it needs: bad input, not a bug.
            throw MoonlightException.badInput(e.getMessageWithoutStackTop().lines().findFirst().orElse("")
                    .replaceFirst("^Stopping reason: ", ""), "set the configuration key named above");
        } catch (TemplateException e) {
            String blamed = e.getBlamedExpressionString() == null ? "" : " " + e.getBlamedExpressionString();
            throw MoonlightException.failed("template " + name + " failed at line " + e.getLineNumber() + ": "
                    + e.getMessageWithoutStackTop().lines().findFirst().orElse("") + blamed,
                    "fix the template (a site override?) or the configuration value it uses");
        } catch (IOException e) {
            throw MoonlightException.failed("cannot read template " + name + ": " + e.getMessage(),
                    "check the site directory's permissions");
        }
    }
}
