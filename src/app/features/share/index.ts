// Public surface of the share feature: the header button that opens the share dialog, and the read-only viewer
// route for `#/s/<id>/<key>[/<view>]` and whether an engine was opened from a given link. Everything else in this
// folder is internal.
export { ShareButton } from './ShareButton.tsx';
export { SharedRoute } from './SharedRoute.tsx';
export { isShareOpen } from './open-shares.ts';
