package org.civiupgrade.internal.cms;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.civiupgrade.Version;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * What a CiviCRM extension's {@code info.xml} declares about the CiviCRM it runs on:
 * {@code <extension key="...">}, {@code <compatibility><ver>}, {@code <requires><ext>} and
 * {@code <php_compatibility><ver>} (format: CiviCRM developer guide, "info.xml").
 *
 * <p>{@code <ver>} is a major.minor. As CiviCRM's extension directory reads it since 5.0, a value
 * of 4.7 or later is compatible with that version and every later one ({@code 4.7} covers 5.x);
 * an older value (4.6, 4.5 ...) names exactly that major.minor. An extension is compatible when
 * any of its values is; one without {@code <compatibility>} declares nothing.
 *
 * @param key          the extension's key (its {@code civicrm_extension.full_name})
 * @param file         the info.xml read
 * @param compatibility the {@code <ver>} values, as written
 * @param requires     the {@code <ext>} keys it requires
 * @param php          the {@code <php_compatibility>} values, as written
 */
record ExtensionInfo(String key, Path file, List<String> compatibility, List<String> requires, List<String> php) {
    private static final Version FORWARD_FROM = Version.parse("4.7");

    /**
     * Reads an info.xml with the JDK's parser, DTDs and external entities refused.
     *
     * @throws IOException when it cannot be read or is not well-formed XML
     */
    static ExtensionInfo read(Path file) throws IOException {
        Document doc;
        try (InputStream in = Files.newInputStream(file)) {
            doc = builder().parse(in);
        } catch (SAXException | ParserConfigurationException e) {
            throw new NotWellFormed(file + " is not a readable info.xml: " + e.getMessage(), e);
        }
        Element root = doc.getDocumentElement();
        return new ExtensionInfo(root.getAttribute("key"), file, texts(root, "compatibility", "ver"),
                texts(root, "requires", "ext"), texts(root, "php_compatibility", "ver"));
    }

    private static DocumentBuilder builder() throws ParserConfigurationException {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setFeature("http://xml.org/sax/features/external-general-entities", false);
        f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        DocumentBuilder b = f.newDocumentBuilder();
        // the JDK's default handler also prints "[Fatal Error] ..." to standard error: the exception says it already
        b.setErrorHandler(new org.xml.sax.ErrorHandler() {
            @Override
            public void warning(org.xml.sax.SAXParseException e) {
            }

            @Override
            public void error(org.xml.sax.SAXParseException e) throws SAXException {
                throw e;
            }

            @Override
            public void fatalError(org.xml.sax.SAXParseException e) throws SAXException {
                throw e;
            }
        });
        return b;
    }

    private static List<String> texts(Element root, String parent, String child) {
        List<String> out = new ArrayList<>();
        for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element p && p.getTagName().equals(parent)) {
                NodeList kids = p.getElementsByTagName(child);
                for (int i = 0; i < kids.getLength(); i++) {
                    String t = kids.item(i).getTextContent().trim();
                    if (!t.isEmpty()) {
                        out.add(t);
                    }
                }
            }
        }
        return out;
    }

    /** Whether {@code target} meets {@code <compatibility>}; true when nothing is declared or a value cannot be read. */
    boolean compatibleWith(Version target) {
        if (compatibility.isEmpty()) {
            return true;
        }
        for (String ver : compatibility) {
            Optional<Version> v = Version.tryParse(ver);
            if (v.isEmpty()) {
                return true; // a value CiviCRM could not compare either: not reported as a mismatch
            }
            if (v.get().isAtLeast(FORWARD_FROM) ? !majorMinor(target).isBefore(majorMinor(v.get()))
                    : target.major() == v.get().major() && target.minor() == v.get().minor()) {
                return true;
            }
        }
        return false;
    }

    private static Version majorMinor(Version v) {
        return Version.parse(v.major() + "." + v.minor());
    }

    /** An info.xml that the XML parser refused (not well-formed, or a DOCTYPE); the message names the file and the parser's reason. */
    static final class NotWellFormed extends IOException {
        private static final long serialVersionUID = 1L;

        NotWellFormed(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
