// Read-only viewer for a shared link `#/s/<id>/<key>` (minimal placeholder while the viewer is being built).
export interface SharedRouteProps {
  /** Share id from the hash route. */
  id: string;
  /** base64url AES key from the hash route. */
  keyText: string;
}

export function SharedRoute(props: Partial<SharedRouteProps>) {
  return (
    <div role="status" data-testid="share-viewer">
      Opening shared analysis {props.id ?? ''}…
    </div>
  );
}
