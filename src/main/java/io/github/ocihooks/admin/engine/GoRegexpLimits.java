package io.github.ocihooks.admin.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * The resource limits of Go's {@code regexp/syntax} parser, checked in linear time before
 * RE2/J sees a pattern. RE2/J is a port of an older Go parser without them: it accepts
 * {@code ((a{1000}){1000}){1000}} and then expands it into a billion instructions. Go
 * (1.19 and later) refuses, and so the runtime refuses every container:
 * <ul>
 * <li>a repeat count above 1000, or nested repeats whose product exceeds 1000:
 * {@code invalid repeat count} naming the repeat operator ({@code repeatIsValid},
 * {@code maxRepeat});</li>
 * <li>a compiled size over {@code maxSize} (3,355,443 instructions) or over
 * {@code maxRunes} runes in character classes: {@code expression too large}
 * ({@code checkSize}, {@code calcSize});</li>
 * <li>a parse tree higher than {@code maxHeight} (1000):
 * {@code expression nests too deeply} ({@code checkHeight}).</li>
 * </ul>
 * The parse here follows Go's stack parser closely enough to build the same tree shape
 * for these checks (literal runs, captures, repeats, concatenation, alternation); it does
 * not validate the rest of the syntax. When it meets something it does not follow, it
 * gives no verdict and RE2/J reports the syntax error. Two deliberate differences: Go
 * starts size accounting lazily (only once nodes times the repeat product exceed the
 * budget), here the size is always computed, so a pattern compiling to more than 3.3
 * million instructions is always refused; and Go's alternation factoring is not
 * reproduced (it only shrinks the tree).
 */
final class GoRegexpLimits {

	/** Go's {@code maxRepeat}. */
	static final int MAX_REPEAT = 1000;

	/** Go's {@code maxHeight}. */
	static final int MAX_HEIGHT = 1000;

	/** Go's {@code maxSize}: 128 MiB of 40-byte instructions. */
	static final long MAX_SIZE = (128L << 20) / 40;

	/** Go's {@code maxRunes}: 128 MiB of 4-byte runes. */
	static final long MAX_RUNES = (128L << 20) / 4;

	/**
	 * Runes a Unicode class escape such as {@code \pL} adds (Go's figure for {@code \pL},
	 * the largest common one).
	 */
	static final int UNICODE_CLASS_RUNES = 1292;

	private GoRegexpLimits() {
	}

	private enum Op {

		LITERAL, CLASS, ANY, EMPTY, CAPTURE, STAR, PLUS, QUEST, REPEAT, CONCAT, ALTERNATE,
		// pseudo-ops on the parse stack
		LEFT_PAREN, VERTICAL_BAR

	}

	private static final class Node {

		Op op;

		int runes;

		int min;

		int max;

		boolean capture;

		List<Node> subs = List.of();

		long size = -1;

		int height = -1;

		Node(Op op) {
			this.op = op;
		}

		static Node of(Op op, Node sub) {
			Node n = new Node(op);
			n.subs = List.of(sub);
			return n;
		}

	}

	/**
	 * The Go error for a pattern that breaks a limit, or null (within limits, or syntax
	 * left to RE2/J).
	 */
	static String check(String s) {
		try {
			return new Parser(s).parse();
		}
		catch (Bail ex) {
			return null;
		}
	}

	private static final class Bail extends RuntimeException {

		Bail() {
			super(null, null, false, false);
		}

	}

	private static final class Limit extends RuntimeException {

		Limit(String message) {
			super(message, null, false, false);
		}

	}

	private static final class Parser {

		private final String whole;

		private final List<Node> stack = new ArrayList<>();

		private long classRunes;

		Parser(String whole) {
			this.whole = whole;
		}

		String parse() {
			String s = this.whole;
			int i = 0;
			int lastRepeat = -1;
			try {
				while (i < s.length()) {
					int repeat = -1;
					char c = s.charAt(i);
					switch (c) {
						case '(' -> {
							if (i + 1 < s.length() && s.charAt(i + 1) == '?') {
								i = perlFlags(s, i);
							}
							else {
								Node paren = new Node(Op.LEFT_PAREN);
								paren.capture = true;
								push(paren);
								i++;
							}
						}
						case '|' -> {
							concat();
							swapVerticalBarOrPush();
							i++;
						}
						case ')' -> {
							rightParen();
							i++;
						}
						case '^', '$', '.' -> {
							push(new Node(c == '.' ? Op.ANY : Op.EMPTY));
							i++;
						}
						case '[' -> i = charClass(s, i);
						case '*', '+', '?' -> {
							int after = i + 1;
							if (after < s.length() && s.charAt(after) == '?') {
								after++;
							}
							if (lastRepeat >= 0) {
								throw new Bail(); // "invalid nested repetition operator":
													// RE2/J says it too
							}
							repeat(c == '*' ? Op.STAR : (c == '+' ? Op.PLUS : Op.QUEST), 0, 0, s, i, after);
							repeat = i;
							i = after;
						}
						case '{' -> {
							int[] r = parseRepeat(s, i);
							if (r == null) {
								literal();
								i++;
								break;
							}
							int min = r[0];
							int max = r[1];
							int end = r[2];
							if (min < 0 || min > MAX_REPEAT || max > MAX_REPEAT || (max >= 0 && min > max)) {
								throw new Limit(error("invalid repeat count", s.substring(i, end)));
							}
							int after = end;
							if (after < s.length() && s.charAt(after) == '?') {
								after++;
							}
							if (lastRepeat >= 0) {
								throw new Bail();
							}
							repeat(Op.REPEAT, min, max, s, i, after);
							repeat = i;
							i = after;
						}
						case '\\' -> i = escape(s, i);
						default -> {
							literal();
							i += Character.charCount(s.codePointAt(i));
						}
					}
					lastRepeat = repeat;
				}
				concat();
				if (swapVerticalBar()) {
					this.stack.remove(this.stack.size() - 1);
				}
				alternate();
				if (this.stack.size() != 1) {
					throw new Bail(); // missing closing )
				}
				return null;
			}
			catch (Limit ex) {
				return ex.getMessage();
			}
		}

		private static String error(String code, String expr) {
			return "error parsing regexp: " + code + ": `" + expr + "`";
		}

		private String large() {
			return error("expression too large", this.whole);
		}

		private int perlFlags(String s, int i) {
			// (?P<name> (?<name> (?flags) (?flags:
			int t = i + 2;
			if ((t + 1 < s.length() && s.charAt(t) == 'P' && s.charAt(t + 1) == '<')
					|| (t < s.length() && s.charAt(t) == '<')) {
				int end = s.indexOf('>', t);
				if (end < 0) {
					throw new Bail();
				}
				Node paren = new Node(Op.LEFT_PAREN);
				paren.capture = true;
				push(paren);
				return end + 1;
			}
			while (t < s.length()) {
				char c = s.charAt(t++);
				switch (c) {
					case 'i', 'm', 's', 'U', '-' -> {
					}
					case ')' -> {
						return t;
					}
					case ':' -> {
						push(new Node(Op.LEFT_PAREN));
						return t;
					}
					default -> throw new Bail();
				}
			}
			throw new Bail();
		}

		private int charClass(String s, int i) {
			int t = i + 1;
			if (t < s.length() && s.charAt(t) == '^') {
				t++;
			}
			boolean first = true;
			while (t >= s.length() || s.charAt(t) != ']' || first) {
				if (t >= s.length()) {
					throw new Bail(); // missing closing ]
				}
				first = false;
				char c = s.charAt(t);
				if (c == '[' && t + 1 < s.length() && s.charAt(t + 1) == ':') {
					int end = s.indexOf(":]", t + 2);
					if (end >= 0) {
						t = end + 2;
						continue;
					}
				}
				if (c == '\\') {
					t = escapeEnd(s, t);
				}
				else {
					t += Character.charCount(s.codePointAt(t));
				}
			}
			push(new Node(Op.CLASS));
			return t + 1;
		}

		private int escape(String s, int i) {
			if (i + 1 >= s.length()) {
				throw new Bail(); // trailing backslash
			}
			char c = s.charAt(i + 1);
			if (c == 'Q') {
				int end = s.indexOf("\\E", i + 2);
				int stop = (end < 0) ? s.length() : end;
				for (int k = i + 2; k < stop; k += Character.charCount(s.codePointAt(k))) {
					literal();
				}
				return (end < 0) ? s.length() : end + 2;
			}
			switch (c) {
				case 'A', 'b', 'B', 'z' -> {
					push(new Node(Op.EMPTY));
					return i + 2;
				}
				case 'p', 'P', 'd', 'D', 's', 'S', 'w', 'W' -> {
					push(new Node(Op.CLASS));
					return escapeEnd(s, i);
				}
				default -> {
					literal();
					return escapeEnd(s, i);
				}
			}
		}

		/**
		 * Index after the escape starting at {@code i} (a backslash), counting Unicode
		 * class runes.
		 */
		private int escapeEnd(String s, int i) {
			if (i + 1 >= s.length()) {
				throw new Bail();
			}
			char c = s.charAt(i + 1);
			if (c == 'p' || c == 'P') {
				this.classRunes += UNICODE_CLASS_RUNES;
				if (this.classRunes > MAX_RUNES) {
					throw new Limit(large());
				}
			}
			if ((c == 'p' || c == 'P' || c == 'x') && i + 2 < s.length() && s.charAt(i + 2) == '{') {
				int end = s.indexOf('}', i + 3);
				if (end < 0) {
					throw new Bail();
				}
				return end + 1;
			}
			if (c == 'p' || c == 'P') {
				if (i + 2 >= s.length()) {
					throw new Bail();
				}
				return i + 2 + Character.charCount(s.codePointAt(i + 2));
			}
			if (c == 'x') {
				return Math.min(s.length(), i + 4);
			}
			if (c >= '0' && c <= '7') {
				int k = i + 1;
				while (k < s.length() && k < i + 4 && s.charAt(k) >= '0' && s.charAt(k) <= '7') {
					k++;
				}
				return k;
			}
			return i + 1 + Character.charCount(s.codePointAt(i + 1));
		}

		/**
		 * Go's parseRepeat: {min,max,end} with min -1 for numbers too big, or null when
		 * not a repeat.
		 */
		private static int[] parseRepeat(String s, int i) {
			int t = i + 1;
			int[] num = parseInt(s, t);
			if (num == null) {
				return null;
			}
			int min = num[0];
			t = num[1];
			int max;
			if (t >= s.length()) {
				return null;
			}
			if (s.charAt(t) != ',') {
				max = min;
			}
			else {
				t++;
				if (t >= s.length()) {
					return null;
				}
				if (s.charAt(t) == '}') {
					max = -1;
				}
				else {
					int[] m = parseInt(s, t);
					if (m == null) {
						return null;
					}
					max = m[0];
					t = m[1];
					if (max < 0) {
						min = -1;
					}
				}
			}
			if (t >= s.length() || s.charAt(t) != '}') {
				return null;
			}
			return new int[] { min, max, t + 1 };
		}

		/**
		 * Go's parseInt: decimal digits, no leading zero unless "0"; -1 for more than 8
		 * digits.
		 */
		private static int[] parseInt(String s, int t) {
			int start = t;
			if (t >= s.length() || s.charAt(t) < '0' || s.charAt(t) > '9') {
				return null;
			}
			if (t + 1 < s.length() && s.charAt(t) == '0' && s.charAt(t + 1) >= '0' && s.charAt(t + 1) <= '9') {
				return null;
			}
			while (t < s.length() && s.charAt(t) >= '0' && s.charAt(t) <= '9') {
				t++;
			}
			if (t - start > 8) {
				return new int[] { -1, t };
			}
			return new int[] { Integer.parseInt(s.substring(start, t)), t };
		}

		private void literal() {
			push(literalNode());
		}

		private static Node literalNode() {
			Node n = new Node(Op.LITERAL);
			n.runes = 1;
			return n;
		}

		private Node top() {
			return this.stack.get(this.stack.size() - 1);
		}

		private void push(Node re) {
			maybeConcat();
			this.stack.add(re);
			checkLimits(re);
		}

		/**
		 * Merges the two literals on top of the stack, as Go's incremental concatenation
		 * does.
		 */
		private void maybeConcat() {
			int n = this.stack.size();
			if (n < 2) {
				return;
			}
			Node re1 = this.stack.get(n - 1);
			Node re2 = this.stack.get(n - 2);
			if (re1.op != Op.LITERAL || re2.op != Op.LITERAL) {
				return;
			}
			re2.runes += re1.runes;
			re2.size = -1;
			this.stack.remove(n - 1);
		}

		private void repeat(Op op, int min, int max, String s, int before, int after) {
			if (this.stack.isEmpty()) {
				throw new Bail();
			}
			Node sub = top();
			if (sub.op == Op.LEFT_PAREN || sub.op == Op.VERTICAL_BAR) {
				throw new Bail(); // missing argument to repetition operator
			}
			Node re = Node.of(op, sub);
			re.min = min;
			re.max = max;
			this.stack.set(this.stack.size() - 1, re);
			checkLimits(re);
			if (op == Op.REPEAT && (min >= 2 || max >= 2) && !repeatIsValid(re, MAX_REPEAT)) {
				throw new Limit(error("invalid repeat count", s.substring(before, after)));
			}
		}

		private static boolean repeatIsValid(Node re, int n) {
			if (re.op == Op.REPEAT) {
				int m = re.max;
				if (m == 0) {
					return true;
				}
				if (m < 0) {
					m = re.min;
				}
				if (m > n) {
					return false;
				}
				if (m > 0) {
					n /= m;
				}
			}
			for (Node sub : re.subs) {
				if (!repeatIsValid(sub, n)) {
					return false;
				}
			}
			return true;
		}

		private void checkLimits(Node re) {
			if (re.op == Op.LEFT_PAREN || re.op == Op.VERTICAL_BAR) {
				return;
			}
			if (size(re, true) > MAX_SIZE) {
				throw new Limit(large());
			}
			if (height(re, true) > MAX_HEIGHT) {
				throw new Limit(error("expression nests too deeply", this.whole));
			}
		}

		/**
		 * Go's calcSize; memoized per node (children are complete when their parent is
		 * built).
		 */
		private static long size(Node re, boolean force) {
			if (!force && re.size >= 0) {
				return re.size;
			}
			long size = 0;
			switch (re.op) {
				case LITERAL -> size = re.runes;
				case CAPTURE, STAR -> size = 2 + size(re.subs.get(0), false);
				case PLUS, QUEST -> size = 1 + size(re.subs.get(0), false);
				case CONCAT -> {
					for (Node sub : re.subs) {
						size += size(sub, false);
					}
				}
				case ALTERNATE -> {
					for (Node sub : re.subs) {
						size += size(sub, false);
					}
					if (re.subs.size() > 1) {
						size += re.subs.size() - 1;
					}
				}
				case REPEAT -> {
					long sub = size(re.subs.get(0), false);
					if (re.max == -1) {
						size = (re.min == 0) ? 2 + sub : 1 + re.min * sub;
					}
					else {
						size = re.max * sub + (re.max - re.min);
					}
				}
				default -> size = 0;
			}
			size = Math.max(1, Math.min(size, Long.MAX_VALUE / 4));
			re.size = size;
			return size;
		}

		private static int height(Node re, boolean force) {
			if (!force && re.height >= 0) {
				return re.height;
			}
			int h = 1;
			for (Node sub : re.subs) {
				h = Math.max(h, 1 + height(sub, false));
			}
			re.height = h;
			return h;
		}

		/**
		 * Replaces the top of the stack above the topmost '|' or '(' with its
		 * concatenation.
		 */
		private void concat() {
			maybeConcat();
			collapseTop(Op.CONCAT);
		}

		private void alternate() {
			collapseTop(Op.ALTERNATE);
		}

		/**
		 * Replaces the nodes above the topmost pseudo-operator with one node of
		 * {@code op} over them (an empty match when there are none): the shared part of
		 * Go's {@code concat} and {@code alternate}.
		 */
		private void collapseTop(Op op) {
			int i = this.stack.size();
			while (i > 0 && !pseudo(this.stack.get(i - 1))) {
				i--;
			}
			List<Node> subs = new ArrayList<>(this.stack.subList(i, this.stack.size()));
			this.stack.subList(i, this.stack.size()).clear();
			if (subs.isEmpty()) {
				push(new Node(Op.EMPTY));
			}
			else {
				push(collapse(subs, op));
			}
		}

		private static Node collapse(List<Node> subs, Op op) {
			if (subs.size() == 1) {
				return subs.get(0);
			}
			Node re = new Node(op);
			List<Node> flat = new ArrayList<>();
			for (Node sub : subs) {
				if (sub.op == op) {
					flat.addAll(sub.subs);
				}
				else {
					flat.add(sub);
				}
			}
			re.subs = flat;
			return re;
		}

		private static boolean pseudo(Node n) {
			return n.op == Op.LEFT_PAREN || n.op == Op.VERTICAL_BAR;
		}

		/**
		 * After a concat on '|': keep one vertical bar on the stack with the alternatives
		 * below it.
		 */
		private void swapVerticalBarOrPush() {
			if (!swapVerticalBar()) {
				this.stack.add(new Node(Op.VERTICAL_BAR));
			}
		}

		/**
		 * Go's swapVerticalBar, simplified: if below the top is a vertical bar, move the
		 * finished alternative beneath it so that alternatives collect under one bar.
		 */
		private boolean swapVerticalBar() {
			int n = this.stack.size();
			if (n >= 2 && this.stack.get(n - 2).op == Op.VERTICAL_BAR) {
				Node alternative = this.stack.get(n - 1);
				Node bar = this.stack.get(n - 2);
				this.stack.set(n - 2, alternative);
				this.stack.set(n - 1, bar);
				return true;
			}
			return false;
		}

		private void rightParen() {
			concat();
			if (swapVerticalBar()) {
				this.stack.remove(this.stack.size() - 1);
			}
			alternate();
			int n = this.stack.size();
			if (n < 2) {
				throw new Bail(); // unexpected )
			}
			Node re = this.stack.remove(n - 1);
			Node paren = this.stack.remove(n - 2);
			if (paren.op != Op.LEFT_PAREN) {
				throw new Bail();
			}
			if (paren.capture) {
				push(Node.of(Op.CAPTURE, re));
			}
			else {
				push(re);
			}
		}

	}

}
