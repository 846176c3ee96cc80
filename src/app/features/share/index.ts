// Public surface of the share feature: the header button that opens the share dialog, the read-only viewer
// route for `#/s/<id>/<key>[/<view>]`, whether an engine was opened from a given link, and the viewer's dominator
// tree (it says what the share left out). Everything else in this folder is internal.
export { ShareButton } from './ShareButton.tsx';
export { SharedRoute } from './SharedRoute.tsx';
export { isShareOpen, sharedObjectAddress } from './open-shares.ts';
