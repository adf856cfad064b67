<?php
define('CIVICRM_DSN', 'mysql://u:it\'s\\a\\\\pw\x@h/db?new_link=true');
