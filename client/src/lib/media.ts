import { useQuery } from "@tanstack/react-query";
import { apiBlob } from "./api";

/**
 * An image/video/audio source: CDN URLs as they are, our own media paths fetched with the bearer token.
 * `src` is the file as served (an SVG or HTML arrives as application/octet-stream, so opening it never runs
 * it on our origin); `imageSrc` re-types an SVG picture as image/svg+xml for an <img>, where scripts never run.
 */
export function useMediaUrl(url: string | undefined): {
  src: string | undefined;
  imageSrc: string | undefined;
  error: boolean;
  retry: () => void;
} {
  const needsAuth = !!url && url.startsWith("/api/");
  const q = useQuery({
    queryKey: ["media", url],
    queryFn: async ({ signal }) => {
      const blob = await apiBlob(url!, signal);
      const src = URL.createObjectURL(blob);
      const svg = blob.type === "application/octet-stream" && /^\s*(<\?xml|<svg)/.test(await blob.slice(0, 256).text());
      return { src, imageSrc: svg ? URL.createObjectURL(new Blob([blob], { type: "image/svg+xml" })) : src };
    },
    enabled: needsAuth,
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 10 * 60_000,
  });
  // A 503 (media store briefly unreadable) or a failed fetch from Meta is worth another try from the viewer.
  const retry = () => void q.refetch();
  if (!needsAuth) return { src: url, imageSrc: url, error: false, retry };
  return { src: q.data?.src, imageSrc: q.data?.imageSrc, error: q.isError, retry };
}
