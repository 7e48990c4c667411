package io.wagateway.api;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The {@code media} of a message written through the API: the id of a stored media item, or an {@code https} URL that
 * the provider fetches itself. A URL must not lead the provider, or anyone replaying it, to the gateway's own machine
 * or network: its host is resolved once, here (the provider resolves it again when it fetches), and refused when it
 * is, or any of its addresses is, loopback ({@code 127.0.0.0/8}, {@code ::1}, {@code localhost}), private
 * ({@code 10/8}, {@code 172.16/12}, {@code 192.168/16}, {@code fc00::/7}), link-local ({@code 169.254/16},
 * {@code fe80::/10}), unspecified or multicast; a host that cannot be resolved is refused too.
 */
final class MediaReference {

    static final int MAX_URL = 2048;
    private static final Pattern UUID_TEXT = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final String SHAPE = "media must be the id of a stored media item (POST /api/media) or an https URL";

    private MediaReference() {
    }

    /** {@code {mediaId}} or {@code {url, filename}} (the URL's last path segment unless a file name is given). */
    static Map<String, Object> of(String media, String filename) {
        Map<String, Object> reference = new HashMap<>();
        if (UUID_TEXT.matcher(media).matches()) {
            reference.put("mediaId", UUID.fromString(media));
            reference.put("filename", filename);
            return reference;
        }
        URI uri = httpsUrl(media);
        reference.put("url", uri.toASCIIString());
        reference.put("filename", filename != null ? filename : lastSegment(uri));
        return reference;
    }

    private static URI httpsUrl(String media) {
        if (media.length() > MAX_URL) {
            throw ApiException.invalidField("media", "media must be at most " + MAX_URL + " characters");
        }
        URI uri;
        try {
            uri = new URI(media);
        } catch (URISyntaxException e) {
            throw ApiException.invalidField("media", SHAPE);
        }
        if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null || uri.getHost().isEmpty()) {
            throw ApiException.invalidField("media", SHAPE + " (a URL must be https, with a host)");
        }
        if (uri.getRawUserInfo() != null) {
            throw ApiException.invalidField("media", "media must not carry credentials in the URL");
        }
        checkPublic(uri.getHost());
        return uri;
    }

    /** Every address of the host is a public one. */
    static void checkPublic(String host) {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw ApiException.invalidField("media", "the host " + host + " of the media URL cannot be resolved");
        }
        for (InetAddress address : addresses) {
            if (!isPublic(address)) {
                throw ApiException.invalidField("media", "the host " + host + " of the media URL is a loopback, "
                        + "private or link-local address (" + address.getHostAddress() + "); the provider must fetch "
                        + "the file from a public https URL");
            }
        }
    }

    static boolean isPublic(InetAddress address) {
        if (address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        // unique local IPv6 addresses, fc00::/7
        return !(address instanceof Inet6Address && (address.getAddress()[0] & 0xfe) == 0xfc);
    }

    private static String lastSegment(URI uri) {
        String path = uri.getPath();
        if (path == null) {
            return null;
        }
        String name = path.substring(path.lastIndexOf('/') + 1).strip();
        return name.isEmpty() ? null : name;
    }
}
