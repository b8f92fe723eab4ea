// Product code reads wall-clock time only through an injected Clock (contract/clock.ts). A direct
// read of the system clock is how a follow-up deadline came to follow the day the test ran instead
// of the test's clock; this rule makes such a read fail lint. Intervals use performance.now().

const MESSAGE_NOW = 'Read the time from an injected Clock (contract/clock.ts), not Date.now(); performance.now() measures intervals.';
const MESSAGE_NEW = 'Read the time from an injected Clock (contract/clock.ts), not new Date() without a value.';
const MESSAGE_CALL = 'Date() reads the system clock; take the time from an injected Clock (contract/clock.ts).';

const isDate = (node) => node?.type === 'Identifier' && node.name === 'Date';

const noSystemTime = {
  meta: {
    type: 'problem',
    docs: { description: 'Product code takes the time from an injected Clock, never from Date.now() or new Date()' },
    schema: [],
    messages: { now: MESSAGE_NOW, construct: MESSAGE_NEW, call: MESSAGE_CALL },
  },
  create(context) {
    return {
      MemberExpression(node) {
        if (!isDate(node.object)) return;
        const name = node.computed ? (node.property.type === 'Literal' ? node.property.value : undefined) : node.property.name;
        if (name === 'now') context.report({ node, messageId: 'now' });
      },
      NewExpression(node) {
        if (isDate(node.callee) && node.arguments.length === 0) context.report({ node, messageId: 'construct' });
      },
      CallExpression(node) {
        if (isDate(node.callee)) context.report({ node, messageId: 'call' });
      },
    };
  },
};

export default { rules: { 'no-system-time': noSystemTime } };
